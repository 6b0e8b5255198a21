package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the scheduler knows of one credential between attempts. Changed under its own monitor: the
 * timer's looks and {@code renewNow} callers take turns. What status shows is volatile, so it is read
 * without waiting for a renewal in progress (an EST enrollment may take up to its deadline).
 */
final class TrackedCredential {
    volatile ManagedCredential credential;
    boolean recovered;
    int failures;
    volatile Optional<Instant> lastAttempt = Optional.empty();
    volatile Optional<String> lastError = Optional.empty();
    /** Whether the last error may pass by itself; written before {@link #lastError}. */
    volatile boolean lastErrorRetryable = true;
    volatile Optional<Instant> notAfter = Optional.empty();
    /** The next renewal or retry planned, empty when none is (no auto_renew, a preloaded file). */
    volatile Optional<Instant> nextAttempt = Optional.empty();
    /** notAfter of the certificate EXPIRING / EXPIRED were announced for, so each is said once. */
    Instant expiringAnnounced;
    Instant expiredAnnounced;
    /** When the last renewal succeeded, or null; automatic renewals are a retry period apart. */
    Instant lastRenewed;
    /** The settings the stored certificate was last found to fit (or was made for); null: judge it at the next look. */
    ManagedCredential judgedUnder;
    /** Whether the stored certificate no longer fits its settings and its replacement has not succeeded yet. */
    boolean replacing;
    /** The chain in use: last issued, renewed, replaced, or (manual) validated; null while there is none. */
    volatile List<X509Certificate> inUse;

    /** The certificate (by notAfter) the jitter below was drawn for. */
    private Instant jitterDrawnFor;
    private double jitter;

    TrackedCredential(ManagedCredential credential) {
        this.credential = credential;
    }

    /**
     * @return the jitter fraction of the certificate ending at {@code notAfter}: drawn once per certificate, so that
     *     its planned renewal stays where it was shown however often the scheduler looks
     */
    double jitterFor(Instant notAfter, java.util.Random random) {
        if (!notAfter.equals(jitterDrawnFor)) {
            jitterDrawnFor = notAfter;
            jitter = random.nextDouble();
        }
        return jitter;
    }
}
