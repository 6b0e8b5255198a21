package org.edgepki.issuer.est.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.issuer.IssuanceException;

/**
 * The time one enrollment may take in all: connecting, TLS, every request and every answer. Per-read timeouts alone
 * let a server that drips its answer a byte at a time hold an enrollment (and a renewal thread) for ever; at the
 * deadline the connection in use is cut by the watchdog, and the enrollment fails retryably.
 */
public final class EnrollmentDeadline {
    private final Duration total;
    private final long endNanos;
    private final ScheduledExecutorService watchdog;

    /**
     * @param total how long the enrollment may take
     * @param watchdog the thread that cuts connections at the deadline, or null for timeouts alone
     */
    public EnrollmentDeadline(Duration total, ScheduledExecutorService watchdog) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
        this.watchdog = watchdog;
    }

    Duration total() {
        return total;
    }

    /** @return the time left, zero once passed */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return the failure of an enrollment that ran out of time */
    IssuanceException exceeded(String url) {
        return new IssuanceException(url, "the EST enrollment did not finish within " + total.toSeconds() + " s"
                + " ([cert_issuance.est] deadline_seconds); the server may be slow or drip its answer", true, null);
    }

    /** A cut of a connection, armed for the deadline. */
    interface Cut extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @param cut what ends the exchange in progress (disconnects its connection)
     * @return the armed cut: closing it disarms it
     */
    Cut arm(Runnable cut) {
        if (watchdog == null) {
            return () -> { };
        }
        try {
            ScheduledFuture<?> armed = watchdog.schedule(cut, Math.max(0, endNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            return () -> armed.cancel(false);
        } catch (RejectedExecutionException stopping) {
            return () -> { };
        }
    }
}
