package org.edgepki.issuer.local.internal;

import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.common.crypto.CaCertificateRules;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * What a CA certificate and key must satisfy before {@code local_ca} signs with them. Each broken
 * rule is a non-retryable {@link IssuanceException} naming the issuer id, because only an
 * operator can fix the CA.
 */
final class IssuingCaRules {
    private IssuingCaRules() {
    }

    /**
     * @param certId the certificate id of the request, for messages
     * @param issuerId the id of the CA certificate and key
     * @param ca the CA certificate (first of the issuer's chain)
     * @param issuerKey the public key of the key stored under {@code issuerId}
     * @param profile the profile of the certificate to issue
     * @param now the time of issuance
     * @throws IssuanceException if the certificate is not a CA, may not sign certificates, is not
     *     valid at {@code now}, does not match the key, or has pathLenConstraint 0 while a CA is
     *     requested
     */
    static void check(String certId, String issuerId, X509Certificate ca, PublicKey issuerKey,
            CertificateProfile profile, Instant now) throws IssuanceException {
        List<String> problems = CaCertificateRules.problems(ca, false);
        if (!problems.isEmpty()) {
            throw broken(certId, issuerId, "may not sign certificates: " + String.join("; ", problems), null);
        }
        int pathLenConstraint = ca.getBasicConstraints();
        try {
            ca.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw broken(certId, issuerId, "has expired: its certificate was valid until "
                    + ca.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw broken(certId, issuerId, "is not valid yet: its certificate is valid from "
                    + ca.getNotBefore().toInstant(), e);
        }
        if (!PublicKeyMatch.sameKey(ca.getPublicKey(), issuerKey)) {
            throw broken(certId, issuerId, "has a key that does not match its certificate's public key", null);
        }
        if (profile == CertificateProfile.CA && pathLenConstraint == 0) {
            throw broken(certId, issuerId, "may not issue a CA certificate: its pathLenConstraint is 0", null);
        }
    }

    private static IssuanceException broken(String certId, String issuerId, String rule, Throwable cause) {
        return new IssuanceException(certId, "issuer '" + issuerId + "' " + rule, false, cause);
    }
}
