package org.edgepki.credentials.internal;

import java.time.Duration;
import java.util.Optional;
import org.edgepki.api.issuer.IssuanceException;

/** When an issuer asked to be called again (an EST server's {@code Retry-After}), found in an error's causes. */
final class RetryAfter {
    private RetryAfter() {
    }

    /** @return the first {@link IssuanceException#retryAfter()} among {@code error} and its causes */
    static Optional<Duration> of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IssuanceException issuance && issuance.retryAfter().isPresent()) {
                return issuance.retryAfter();
            }
        }
        return Optional.empty();
    }
}
