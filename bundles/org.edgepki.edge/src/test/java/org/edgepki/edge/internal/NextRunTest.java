package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NextRun is confined to its worker thread, so the test asks from there too. */
class NextRunTest {
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger runs = new AtomicInteger();
    private final NextRun next = new NextRun(worker, runs::incrementAndGet);

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void a_burst_of_requests_makes_one_run() throws Exception {
        for (int i = 0; i < 10; i++) {
            onWorker(() -> next.within(Duration.ofMillis(100)));
        }
        Thread.sleep(400);

        assertEquals(1, runs.get());
    }

    @Test
    void a_sooner_request_brings_the_run_forward_and_a_later_one_does_not_delay_it() throws Exception {
        long start = System.nanoTime();
        onWorker(() -> next.within(Duration.ofSeconds(30)));
        onWorker(() -> next.within(Duration.ofMillis(50)));
        onWorker(() -> next.within(Duration.ofSeconds(30)));
        awaitRuns(1);

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        Thread.sleep(200);
        assertEquals(1, runs.get());
    }

    @Test
    void a_cancelled_run_does_not_happen_and_a_new_request_schedules_again() throws Exception {
        onWorker(() -> next.within(Duration.ofMillis(50)));
        onWorker(next::cancel);
        Thread.sleep(200);
        assertEquals(0, runs.get());

        onWorker(() -> next.within(Duration.ofMillis(50)));
        awaitRuns(1);
    }

    @Test
    void a_delay_of_any_length_is_accepted_and_a_sooner_one_still_wins() throws Exception {
        onWorker(() -> next.within(Duration.ofSeconds(Long.MAX_VALUE)));
        onWorker(() -> next.within(Duration.ofSeconds(-5)));
        awaitRuns(1);
    }

    private void onWorker(Runnable action) throws Exception {
        worker.submit(action).get();
    }

    private void awaitRuns(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runs.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, runs.get());
    }
}
