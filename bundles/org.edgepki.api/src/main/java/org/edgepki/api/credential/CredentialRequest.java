package org.edgepki.api.credential;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;

/**
 * A credential another bundle asks the credential service for: a module certificate the edge needs, issued from the
 * Edge CA. The service issues it (keeping the key the id already has), commits it, and manages it from then on.
 *
 * @param credentialId the certificate and key id, for example {@code aziot-edged/module/edgeHub:server}
 * @param commonName the subject's CN, 1 to 64 characters
 * @param profile what it is for (server or client)
 * @param subjectAltNames names to put into subjectAltName; may be empty
 * @param validity requested lifetime
 * @param method the issuer's method, for example {@code local_ca}
 * @param issuerId for {@code local_ca}: the id of the CA to sign with, for example {@code aziot-edged-ca}
 * @param keyAlgorithm key preference for a new key, for example {@code ec-p256:rsa-2048:*}
 */
public record CredentialRequest(String credentialId, String commonName, CertificateProfile profile,
        List<SubjectAltName> subjectAltNames, Duration validity, String method, String issuerId,
        String keyAlgorithm) {

    /** Checks the components. */
    public CredentialRequest {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(profile, "profile");
        subjectAltNames = List.copyOf(subjectAltNames);
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}
