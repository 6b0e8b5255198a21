package org.edgepki.renewal.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * What the scheduler knows of one credential between attempts. Guarded by its own monitor: the
 * timer thread and {@code renewNow} callers take turns.
 */
final class TrackedCredential {
    volatile ManagedCredential credential;
    boolean recovered;
    int failures;
    Optional<Instant> lastAttempt = Optional.empty();
    Optional<String> lastError = Optional.empty();
    Optional<Instant> notAfter = Optional.empty();
    /** notAfter of the certificate EXPIRING / EXPIRED were announced for, so each is said once. */
    Instant expiringAnnounced;
    Instant expiredAnnounced;
    /** When the last renewal succeeded, or null; automatic renewals are a retry period apart. */
    Instant lastRenewed;

    TrackedCredential(ManagedCredential credential) {
        this.credential = credential;
    }
}
