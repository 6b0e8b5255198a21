package org.edgepki.renewal.internal;

import java.time.Duration;
import java.time.Instant;
import org.edgepki.common.renewal.RenewalTime;

/**
 * When a certificate is renewed and when a failed renewal is tried again, by IoT Edge's
 * {@code auto_renew} rules, in whole seconds. With lifetime L = notAfter − notBefore: a percentage
 * threshold t renews at notBefore + L·t/100, an absolute threshold T at notAfter − T; a retry r% waits
 * L·r/100, an absolute retry R waits R, never under a second. Pure functions.
 */
final class RenewalSchedule {
    /** Retries start at this share of the retry period and double up to it. */
    private static final int BACKOFF_STEPS = 16;
    /** Jitter is at most this share of the retry period. */
    private static final double JITTER_SHARE = 0.05;

    private RenewalSchedule() {
    }

    /** @return the certificate's lifetime in whole seconds, at least one */
    static long lifetimeSeconds(Instant notBefore, Instant notAfter) {
        return Math.max(1, Duration.between(notBefore, notAfter).getSeconds());
    }

    /**
     * @return when renewal starts. A threshold at or beyond the lifetime would renew a new
     *     certificate at once, again and again; it renews at half the lifetime instead (config.toml
     *     warns about such a threshold).
     */
    static Instant renewAt(Instant notBefore, Instant notAfter, RenewalTime threshold) {
        long lifetime = lifetimeSeconds(notBefore, notAfter);
        if (threshold.isPercentage()) {
            return notBefore.plusSeconds(lifetime * threshold.percent() / 100);
        }
        long before = threshold.absolute().getSeconds();
        return before >= lifetime ? notBefore.plusSeconds(lifetime / 2) : notAfter.minusSeconds(before);
    }

    /** @return whether the threshold is at or beyond the lifetime (renewal falls back to half of it) */
    static boolean thresholdBeyondLifetime(Instant notBefore, Instant notAfter, RenewalTime threshold) {
        return !threshold.isPercentage() && threshold.absolute().getSeconds() >= lifetimeSeconds(notBefore, notAfter);
    }

    /** @return the configured retry period, never under one second */
    static Duration retryPeriod(Instant notBefore, Instant notAfter, RenewalTime retry) {
        long seconds = retry.isPercentage() ? lifetimeSeconds(notBefore, notAfter) * retry.percent() / 100
                : retry.absolute().getSeconds();
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** @return the wait, never under one second (no tight loops on a server that says "now") */
    static Duration atLeastASecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    /**
     * @param failures failed attempts so far, at least one
     * @return the wait before the next attempt: a sixteenth of the retry period (at least a second),
     *     doubling with every failure, never more than the retry period
     */
    static Duration backoff(Duration retryPeriod, int failures) {
        long period = retryPeriod.getSeconds();
        long wait = Math.max(1, period / BACKOFF_STEPS);
        for (int failure = 1; failure < failures && wait < period; failure++) {
            wait *= 2;
        }
        return Duration.ofSeconds(Math.min(period, wait));
    }

    /**
     * @param random a value in [0, 1)
     * @return a small random delay, at most 5 % of the retry period, so a fleet does not renew at
     *     one instant
     */
    static Duration jitter(Duration retryPeriod, double random) {
        return Duration.ofSeconds((long) (retryPeriod.getSeconds() * JITTER_SHARE * random));
    }
}
