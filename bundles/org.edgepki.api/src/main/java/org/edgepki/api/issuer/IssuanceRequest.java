package org.edgepki.api.issuer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A request for one certificate.
 *
 * @param certId the id the certificate will be stored under, for messages and issuer routing
 * @param keyId the key id of the subject key; a self-signed issuer signs with it
 * @param csr DER-encoded PKCS#10 request signed by the subject key; its subject becomes the
 *     certificate's subject and its signature is verified
 * @param profile what the certificate is for
 * @param subjectAltNames names to put into subjectAltName; may be empty
 * @param validity requested lifetime; issuers cap it (a local CA at its own notAfter)
 * @param issuerId for {@code local_ca}: the id of the CA certificate and key to sign with;
 *     {@code null} means the issuer's configured CA
 * @param endpoint for a remote issuer (EST): the credential's own URL, user and identities;
 *     {@link IssuerEndpoint#NONE} means the issuer's configuration
 */
public record IssuanceRequest(String certId, String keyId, byte[] csr, CertificateProfile profile,
        List<SubjectAltName> subjectAltNames, Duration validity, String issuerId, IssuerEndpoint endpoint) {

    /** A request without settings of its own for a remote issuer ({@link IssuerEndpoint#NONE}). */
    public IssuanceRequest(String certId, String keyId, byte[] csr, CertificateProfile profile,
            List<SubjectAltName> subjectAltNames, Duration validity, String issuerId) {
        this(certId, keyId, csr, profile, subjectAltNames, validity, issuerId, IssuerEndpoint.NONE);
    }

    /** Checks the components. */
    public IssuanceRequest {
        Objects.requireNonNull(certId, "certId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(profile, "profile");
        subjectAltNames = List.copyOf(subjectAltNames);
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(endpoint, "endpoint");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}
