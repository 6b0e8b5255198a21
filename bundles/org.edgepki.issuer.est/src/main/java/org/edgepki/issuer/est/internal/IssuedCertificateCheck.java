package org.edgepki.issuer.est.internal;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.common.crypto.CaCertificateRules;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * What an EST server issued is checked before anything stores it: it was signed by one of the CAs the server named
 * ({@code /cacerts}), it is valid now, it is for the key that asked, and it can do what it was asked for (a CA that can
 * sign certificates; a server or client certificate whose key usages allow TLS). A certificate that fails is refused,
 * retryably, and the certificate in use stays.
 */
final class IssuedCertificateCheck {
    /** How far a new certificate's notBefore may be ahead of this clock (a server's clock a little ahead). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private IssuedCertificateCheck() {
    }

    /**
     * @param subject the URL or certificate id the error names
     * @param issued what the server issued
     * @param caCerts the server's CA certificates ({@code /cacerts})
     * @param key the key the certificate was requested for
     * @param profile what it was requested as
     * @param now this clock's time
     * @throws IssuanceException naming the rule the certificate breaks
     */
    static void verify(String subject, X509Certificate issued, List<X509Certificate> caCerts, PublicKey key,
            CertificateProfile profile, Instant now) throws IssuanceException {
        if (caCerts.stream().noneMatch(ca -> IssuedBy.issuedBy(issued, ca))) {
            throw refused(subject, "the EST server issued a certificate that none of its CA certificates (/cacerts)"
                    + " signed (issuer " + issued.getIssuerX500Principal().getName() + ")");
        }
        Instant notBefore = issued.getNotBefore().toInstant();
        Instant notAfter = issued.getNotAfter().toInstant();
        if (notBefore.isAfter(now.plus(CLOCK_SKEW)) || !now.isBefore(notAfter)) {
            throw refused(subject, "the EST server issued a certificate that is not valid now (" + notBefore + " to "
                    + notAfter + ")");
        }
        if (!PublicKeyMatch.sameKey(issued.getPublicKey(), key)) {
            throw refused(subject, "the EST server issued a certificate for another key");
        }
        boolean[] usage = issued.getKeyUsage();
        switch (profile) {
            case CA -> {
                List<String> problems = CaCertificateRules.problems(issued, true);
                if (!problems.isEmpty()) {
                    throw new IssuanceException(subject, "the EST server issued a certificate that cannot act as a CA ("
                            + String.join("; ", problems) + "); configure the EST server's CA profile for the Edge CA",
                            false, null);
                }
            }
            case SERVER, CLIENT -> {
                if (usage != null && (usage.length == 0 || !usage[0])) {
                    throw refused(subject, "the EST server issued a certificate whose key usage does not allow"
                            + " digitalSignature, which TLS needs");
                }
                String purpose = profile == CertificateProfile.SERVER ? SERVER_AUTH : CLIENT_AUTH;
                List<String> purposes = extendedKeyUsage(subject, issued);
                if (purposes != null && !purposes.contains(purpose) && !purposes.contains(ANY_EXTENDED_KEY_USAGE)) {
                    throw refused(subject, "the EST server issued a certificate whose extended key usage does not"
                            + " allow " + (profile == CertificateProfile.SERVER ? "serverAuth" : "clientAuth"));
                }
            }
        }
    }

    private static List<String> extendedKeyUsage(String subject, X509Certificate issued) throws IssuanceException {
        try {
            return issued.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw refused(subject, "the EST server issued a certificate whose extended key usage is unreadable");
        }
    }

    private static IssuanceException refused(String subject, String rule) {
        return new IssuanceException(subject, rule + "; the certificate in use stays", true, null);
    }
}
