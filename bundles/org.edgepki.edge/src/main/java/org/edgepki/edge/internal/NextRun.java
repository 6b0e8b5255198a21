package org.edgepki.edge.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one pending run of a task on a single-thread scheduler: asking again while a run is pending
 * only ever brings it forward, so a burst of requests (certificate events, retries) makes one run.
 * Confined to the scheduler's thread: every method is called there, so the task cannot start
 * between scheduling and recording it.
 */
final class NextRun {
    private final ScheduledExecutorService worker;
    private final Runnable task;
    private ScheduledFuture<?> pending;

    NextRun(ScheduledExecutorService worker, Runnable task) {
        this.worker = worker;
        this.task = task;
    }

    /** Makes the task run within {@code delay} (any length): once, however often this is called meanwhile. */
    void within(Duration delay) {
        // saturated: Duration.toNanos() overflows beyond 292 years
        long nanos = delay.isNegative() ? 0
                : delay.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : delay.toNanos();
        if (pending != null && pending.getDelay(TimeUnit.NANOSECONDS) <= nanos) {
            return;
        }
        cancel();
        pending = worker.schedule(() -> {
            pending = null;
            task.run();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Drops the pending run, if any: the task is running now for another reason. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
