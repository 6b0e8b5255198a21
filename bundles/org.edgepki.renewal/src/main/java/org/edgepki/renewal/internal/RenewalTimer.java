package org.edgepki.renewal.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One thread that sleeps until the earliest credential is due, hands it to the renewer, and sleeps
 * again: no polling, and no CPU while nothing is due. Scheduling from any thread wakes it only when
 * the earliest due time moved earlier.
 */
final class RenewalTimer implements AutoCloseable {
    /** Sleeps are capped so a wall-clock jump (NTP, suspend) is noticed within this time. */
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger(RenewalTimer.class.getName());

    private final Clock clock;
    private final Consumer<String> renewer;
    private final RenewalQueue queue = new RenewalQueue();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param clock the time source (a fixed clock in tests)
     * @param renewer called on the timer thread with each due credential id; it reschedules
     */
    RenewalTimer(Clock clock, Consumer<String> renewer, String threadName) {
        this.clock = clock;
        this.renewer = renewer;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Puts a credential at {@code due} (now or earlier means at once). */
    void schedule(String id, Instant due) {
        lock.lock();
        try {
            Optional<Instant> earliest = queue.earliest();
            queue.schedule(id, due);
            if (earliest.isEmpty() || due.isBefore(earliest.get())) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void remove(String id) {
        lock.lock();
        try {
            queue.remove(id);
        } finally {
            lock.unlock();
        }
    }

    Optional<Instant> due(String id) {
        lock.lock();
        try {
            return queue.due(id);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            List<String> due;
            lock.lock();
            try {
                due = queue.takeDue(clock.instant());
                if (due.isEmpty()) {
                    Duration sleep = queue.earliest().map(at -> Duration.between(clock.instant(), at))
                            .orElse(LONGEST_SLEEP);
                    changed.awaitNanos(Math.max(1, Math.min(sleep.toNanos(), LONGEST_SLEEP.toNanos())));
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (String id : due) {
                if (!running) {
                    return;
                }
                try {
                    renewer.accept(id);
                } catch (RuntimeException e) {
                    // A bug in one renewal must not stop the others: say so and go on.
                    LOG.log(System.Logger.Level.ERROR, "Renewal of " + id + " failed unexpectedly", e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
