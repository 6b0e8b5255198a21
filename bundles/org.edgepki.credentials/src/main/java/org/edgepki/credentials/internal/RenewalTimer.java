package org.edgepki.credentials.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One thread that sleeps until the earliest credential is due, hands it to the renewer, and sleeps
 * again: no polling, and no CPU while nothing is due. Scheduling from any thread wakes it only when
 * the earliest due time moved earlier. The looks run on a small pool, so one slow issuer (an EST
 * server that drips its answer) never holds up the others; one credential is never looked at twice
 * at once: asked again meanwhile, it is looked at again right after.
 */
public final class RenewalTimer implements Wakeups {
    /** Sleeps are capped so a wall-clock jump (NTP, suspend) is noticed within this time. */
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(10);
    /** When a renewal threw without planning its next look, it is looked at again after this. */
    static final Duration RESCUE_DELAY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(RenewalTimer.class.getName());

    private final Clock clock;
    private final Consumer<String> renewer;
    private final RenewalQueue queue = new RenewalQueue();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private final ExecutorService looks;
    /** Credentials being looked at, and those asked for again meanwhile. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /**
     * @param clock the time source (a fixed clock in tests)
     * @param renewer called with each due credential id, on one of {@code parallel} threads; it reschedules
     * @param parallel how many credentials may be looked at side by side
     */
    public RenewalTimer(Clock clock, Consumer<String> renewer, String threadName, int parallel) {
        this.clock = clock;
        this.renewer = renewer;
        AtomicInteger number = new AtomicInteger();
        looks = Executors.newFixedThreadPool(parallel, task -> {
            Thread looker = new Thread(task, threadName + "-" + number.incrementAndGet());
            looker.setDaemon(true);
            return looker;
        });
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Plans the credential's next look. While it is being looked at, the earlier of the planned times is kept: a look
     * asked for meanwhile (a new configuration) is never postponed by the plan the running look makes at its end.
     */
    @Override
    public void schedule(String id, Instant due) {
        lock.lock();
        try {
            Optional<Instant> earliest = queue.earliest();
            Optional<Instant> queued = queue.due(id);
            if (inFlight.contains(id) && queued.isPresent() && queued.get().isBefore(due)) {
                return;
            }
            queue.schedule(id, due);
            if (earliest.isEmpty() || due.isBefore(earliest.get())) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void rescue(String id) {
        lock.lock();
        try {
            if (queue.due(id).isEmpty()) {
                queue.schedule(id, clock.instant().plus(RESCUE_DELAY));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(String id) {
        lock.lock();
        try {
            queue.remove(id);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Instant> due(String id) {
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

    /**
     * The thread's loop. Nothing a renewal throws, {@code Error}s included, ends it: a renewal that fails is the
     * renewer's to report, and anything that still escapes is logged and the loop goes on.
     */
    private void run() {
        while (running) {
            try {
                runDue();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "The renewal timer caught an unexpected error and goes on", e);
            }
        }
    }

    /** Sleeps until something is due (or the queue changed), then hands what is due to the renewer. */
    private void runDue() throws InterruptedException {
        List<String> due;
        lock.lock();
        try {
            due = queue.takeDue(clock.instant());
            if (due.isEmpty()) {
                Duration sleep = queue.earliest().map(at -> Duration.between(clock.instant(), at))
                        .orElse(LONGEST_SLEEP);
                // compared before toNanos(), which overflows beyond 292 years
                long nanos = sleep.compareTo(LONGEST_SLEEP) > 0 ? LONGEST_SLEEP.toNanos() : sleep.toNanos();
                changed.awaitNanos(Math.max(1, nanos));
                return;
            }
        } finally {
            lock.unlock();
        }
        for (String id : due) {
            if (!running) {
                return;
            }
            dispatch(id);
        }
    }

    /** Looks at the credential on the pool, unless it is being looked at: then once more right after. */
    private void dispatch(String id) {
        if (!inFlight.add(id)) {
            again.add(id);
            return;
        }
        try {
            looks.execute(() -> look(id));
        } catch (RejectedExecutionException closing) {
            inFlight.remove(id);
        }
    }

    private void look(String id) {
        try {
            renewer.accept(id);
        } catch (Throwable e) {
            // A bug in one renewal must not stop the others, nor make this one forgotten: say so, look again
            // later unless the renewer already planned it, and go on.
            LOG.log(System.Logger.Level.ERROR, "Renewal of " + id + " failed unexpectedly; looking again in "
                    + RESCUE_DELAY.toMinutes() + " min", e);
            rescue(id);
        } finally {
            inFlight.remove(id);
            if (again.remove(id) && running) {
                schedule(id, clock.instant());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        looks.shutdownNow();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            looks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
