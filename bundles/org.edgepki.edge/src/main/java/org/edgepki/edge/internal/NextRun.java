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

    /** Makes the task run within {@code delay}: once, however often this is called meanwhile. */
    void within(Duration delay) {
        if (pending != null && pending.getDelay(TimeUnit.NANOSECONDS) <= delay.toNanos()) {
            return;
        }
        cancel();
        pending = worker.schedule(() -> {
            pending = null;
            task.run();
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Drops the pending run, if any: the task is running now for another reason. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
