package org.edgepki.shell.internal;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.common.crypto.Thumbprints;
import org.edgepki.common.inventory.ManagedCertificate;

/** What {@code edgepki:cert <id>} prints: the id's key, renewal, then each certificate of its chain. */
final class ChainDescription {
    private ChainDescription() {
    }

    static String render(ManagedCertificate certificate, Instant now) {
        StringBuilder out = new StringBuilder();
        line(out, "id", certificate.id());
        line(out, "status", CertificateTable.status(certificate, now));
        line(out, "method", certificate.method());
        line(out, "key", certificate.keyLocation()
                + certificate.key().map(key -> " (" + key.algorithm().preferenceName() + ")").orElse(""));
        certificate.certificate().ifPresent(stored -> {
            line(out, "file", stored.location().toString());
            line(out, "sha256", stored.sha256Thumbprint() + " (IoT Hub's thumbprint)");
            line(out, "sha1", Thumbprints.sha1(stored.leaf()) + " (the DPS portal's thumbprint)");
        });
        certificate.renewal().ifPresent(renewal -> describe(out, renewal));
        List<X509Certificate> chain = certificate.certificate().map(stored -> stored.chain()).orElse(List.of());
        for (int i = 0; i < chain.size(); i++) {
            out.append('\n').append(i == 0 ? "[0] leaf" : "[" + i + "] " + (selfSigned(chain.get(i)) ? "root" : "CA"))
                    .append('\n');
            certificate(out, chain.get(i));
        }
        return out.toString();
    }

    private static void describe(StringBuilder out, CredentialStatus renewal) {
        line(out, "renewal", renewal.policy());
        line(out, "next renewal", CertificateTable.time(renewal.nextAttempt()));
        line(out, "last attempt", CertificateTable.time(renewal.lastAttempt()));
        renewal.lastError().ifPresent(error -> line(out, "last error", error));
    }

    private static void certificate(StringBuilder out, X509Certificate cert) {
        line(out, "  subject", cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
        line(out, "  issuer", cert.getIssuerX500Principal().getName(X500Principal.RFC2253));
        line(out, "  serial", ManagedCertificate.serial(cert));
        line(out, "  not before", cert.getNotBefore().toInstant().toString());
        line(out, "  not after", cert.getNotAfter().toInstant().toString());
        line(out, "  key", keyDescription(cert.getPublicKey()));
        line(out, "  CA", cert.getBasicConstraints() < 0 ? "no"
                : "yes" + (cert.getBasicConstraints() == Integer.MAX_VALUE ? "" : ", pathlen " + cert.getBasicConstraints()));
        String names = subjectAltNames(cert);
        if (!names.isEmpty()) {
            line(out, "  SAN", names);
        }
    }

    static String keyDescription(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    private static String subjectAltNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names == null ? "" : names.stream().map(name -> String.valueOf(name.get(1)))
                    .collect(Collectors.joining(", "));
        } catch (CertificateParsingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean selfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(java.util.Locale.ROOT, "%-14s %s%n", label + ":", value));
    }
}
