package org.edgepki.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this process and of the runtime's re-issuing threads ({@code edgepki-edge-reissue-*}) at one
 * instant, so a benchmark can say whether a wall time was spent computing, waiting, or on other threads.
 *
 * @param wallNanos {@link System#nanoTime()}
 * @param processNanos CPU time of the whole JVM (every thread, the JIT and GC included)
 * @param reissueNanos CPU time of the re-issuing threads alive now
 */
record CpuTimes(long wallNanos, long processNanos, long reissueNanos) {

    static CpuTimes now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long reissue = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("edgepki-edge-reissue-")) {
                reissue += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuTimes(System.nanoTime(), os.getProcessCpuTime(), reissue);
    }

    /** @return the wall and CPU times from this instant to {@code later}, in milliseconds, as one line */
    String until(CpuTimes later) {
        return String.format("%n[cpu] wall %.0f ms, process CPU %.0f ms, re-issuing threads CPU %.0f ms",
                (later.wallNanos - wallNanos) / 1e6, (later.processNanos - processNanos) / 1e6,
                (later.reissueNanos - reissueNanos) / 1e6);
    }
}
