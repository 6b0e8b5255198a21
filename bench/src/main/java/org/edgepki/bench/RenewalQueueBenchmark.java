package org.edgepki.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.edgepki.credentials.internal.RenewalTimer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The renewal scheduler with many tracked certificates: the cost to reschedule one (a renewal done,
 * a retry planned) with 1,000 and 100,000 tracked, and — printed at setup — the heap each tracked
 * certificate takes in the timer's queue and the CPU the timer thread uses while nothing is due.
 * (The timer is public inside the bundle's private package, for this benchmark.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RenewalQueueBenchmark {
    @Param({"1000", "100000"})
    public int tracked;
    private RenewalTimer timer;
    private String[] ids;
    private Instant base;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        base = Instant.now().plus(Duration.ofDays(30));
        long before = usedHeap();
        timer = new RenewalTimer(Clock.systemUTC(), id -> { }, "bench-renewal", 3);
        ids = new String[tracked];
        for (int i = 0; i < tracked; i++) {
            ids[i] = "aziot-edged/module/module" + i + ":server";
            timer.schedule(ids[i], base.plusSeconds(i));
        }
        long after = usedHeap();
        long cpuBefore = threadCpu("bench-renewal");
        Thread.sleep(2000);
        long idleCpu = threadCpu("bench-renewal") - cpuBefore;
        System.out.printf("%n%d tracked: %.0f bytes of heap each (queue entry and id); timer CPU while idle: %d µs in 2 s%n",
                tracked, (after - before) / (double) tracked, idleCpu / 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        timer.close();
    }

    /** A renewal done or a retry planned: the credential moves to a new due time. */
    @Benchmark
    public void reschedule() {
        int i = ThreadLocalRandom.current().nextInt(tracked);
        timer.schedule(ids[i], base.plusSeconds(ThreadLocalRandom.current().nextInt(tracked)));
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long threadCpu(String name) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                return threads.getThreadCpuTime(thread.getId());
            }
        }
        return -1;
    }
}
