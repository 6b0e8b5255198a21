package org.edgepki.credentials.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.edgepki.api.credential.RenewalTime;

/**
 * When a certificate is renewed and when a failed renewal is tried again, by IoT Edge's
 * {@code auto_renew} rules, in whole seconds. With lifetime L = notAfter − notBefore: a percentage
 * threshold t renews at notBefore + L·t/100, an absolute threshold T at notAfter − T; a retry r% waits
 * L·r/100, an absolute retry R waits R (less a little jitter, and shortened so that three attempts fit before notAfter),
 * never under a second. Pure functions.
 */
final class RenewalSchedule {
    /** A failed renewal is tried again soon enough that at least this many attempts fit before notAfter. */
    static final int ATTEMPTS_BEFORE_EXPIRY = 3;
    /** Without a valid certificate, retries start at this share of their longest wait and double up to it. */
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

    /**
     * When a failed attempt is tried again. While there is a valid certificate: after the retry period, shortened only
     * as needed so that at least {@value #ATTEMPTS_BEFORE_EXPIRY} more attempts fit before notAfter, less up to 5 %
     * jitter so that a fleet does not try at one instant. Without one (not issued yet, or expired), the credential is
     * needed now: the first retry comes after a sixteenth of {@code noCertificateRetry} and each further one waits
     * twice as long, up to it (and never longer than the retry period). An issuer that says when to ask again
     * ({@code Retry-After}) is asked then, but never later than that. Never under a second; nothing overflows.
     *
     * @param now the time of the failure
     * @param notAfter the current certificate's notAfter, if there is one
     * @param retryPeriod the configured retry period
     * @param asked when the issuer asked to be called again, any length
     * @param noCertificateRetry the longest wait while there is no valid certificate
     * @param failures failed attempts in a row, this one included
     * @param random a value in [0, 1)
     * @return the next attempt
     */
    static Instant retryAt(Instant now, Optional<Instant> notAfter, Duration retryPeriod, Optional<Duration> asked,
            Duration noCertificateRetry, int failures, double random) {
        boolean valid = notAfter.isPresent() && now.isBefore(notAfter.get());
        Duration longest = valid ? spacing(now, notAfter.get(), retryPeriod)
                : backoff(atLeastASecond(shorter(retryPeriod, noCertificateRetry)), failures);
        Duration wait = asked.isPresent() ? shorter(atLeastASecond(asked.get()), longest)
                : atLeastASecond(longest.minus(jitter(longest, random)));
        return plusSaturated(now, wait);
    }

    /** @return a sixteenth of {@code longest}, doubled for every failure after the first, up to {@code longest} */
    private static Duration backoff(Duration longest, int failures) {
        Duration wait = atLeastASecond(longest.dividedBy(BACKOFF_STEPS));
        for (int failure = 1; failure < failures && wait.compareTo(longest) < 0; failure++) {
            wait = wait.multipliedBy(2);
        }
        return shorter(wait, longest);
    }

    /**
     * @return the time between two attempts from {@code from}: the retry period, shortened only as needed so that
     *     {@value #ATTEMPTS_BEFORE_EXPIRY} attempts fit before notAfter; never under a second
     */
    static Duration spacing(Instant from, Instant notAfter, Duration retryPeriod) {
        Duration third = from.isBefore(notAfter) ? Duration.between(from, notAfter).dividedBy(ATTEMPTS_BEFORE_EXPIRY)
                : Duration.ZERO;
        return atLeastASecond(shorter(retryPeriod, third));
    }

    /** The latest time edgepki plans for: the latest a millisecond timestamp (an event property) can say. */
    static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    /** @return {@code instant + duration}, or {@link #LATEST} if that is later */
    static Instant plusSaturated(Instant instant, Duration duration) {
        if (!instant.isBefore(LATEST)) {
            return LATEST;
        }
        Duration room = Duration.between(instant, LATEST);
        return duration.compareTo(room) >= 0 ? LATEST : instant.plus(duration);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** @return the wait, never under one second (no tight loops on a server that says "now") */
    static Duration atLeastASecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
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
