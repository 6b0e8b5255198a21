package org.edgepki.api.credential;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one managed credential stands.
 *
 * @param credentialId the certificate and key id, for example {@code "aziot-edged-ca"}
 * @param method the issuance method ({@code self_signed}, {@code local_ca}, {@code est})
 * @param notAfter the current certificate's notAfter, empty when there is no certificate yet
 * @param nextAttempt when renewal (or the next retry) is due, empty when none is planned
 * @param lastAttempt when renewal was last tried, empty if never
 * @param lastError why the last attempt failed, empty if it succeeded or none was made
 * @param lastErrorRetryable whether that failure may pass by itself (an issuer or a service away), so that waiting
 *     helps; false when only the operator can fix it (unusable files, a wrong PIN); true when there is no error
 * @param issuerUrl the URL of the remote issuer its own settings name ({@code [edge_ca] url}), if any; otherwise
 *     the issuer's configured one applies
 * @param policy the policy in words, for example {@code "rotate key, renew at 80%, retry every 4%"}
 */
public record CredentialStatus(String credentialId, String method, Optional<Instant> notAfter,
        Optional<Instant> nextAttempt, Optional<Instant> lastAttempt, Optional<String> lastError,
        boolean lastErrorRetryable, Optional<URI> issuerUrl, String policy) {

    /** Checks that no component is null. */
    public CredentialStatus {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(policy, "policy");
    }
}
