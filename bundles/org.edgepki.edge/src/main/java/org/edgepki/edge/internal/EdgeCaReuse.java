package org.edgepki.edge.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether a stored quickstart or issued Edge CA may be kept: it must still be what the settings ask
 * for, so that a change of method, subject or lifetime in the field takes effect with a new Edge CA.
 */
final class EdgeCaReuse {
    /** Slack for lifetimes: issuers round to seconds and may start validity a little early. */
    static final Duration LIFETIME_TOLERANCE = Duration.ofHours(1);

    private EdgeCaReuse() {
    }

    /**
     * The stored Edge CA is kept while it is valid and matches its key, is self-signed exactly when
     * the method is quickstart or self_signed, has the configured CN (and the whole configured
     * subject, when one is set), and has the configured lifetime: within an hour for a self-signed
     * Edge CA, at most an hour more for an issued one (an issuer may cap it at its own notAfter).
     *
     * @return why it must be replaced, as a sentence; empty if it may be kept
     */
    static Optional<String> replacementReason(X509Certificate leaf, PublicKey key, EdgeSettings settings,
            Instant now) {
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        if (selfSigned != settings.edgeCaSelfSigned()) {
            return Optional.of(selfSigned ? "it is self-signed but the method is '" + settings.edgeCaMethod() + "'"
                    : "it is not self-signed but the method is '" + settings.edgeCaMethod() + "'");
        }
        String commonName = EdgeCaValidation.commonName(leaf);
        if (!settings.edgeCaCommonName().equals(commonName)) {
            return Optional.of("its CN '" + commonName + "' is not the configured '" + settings.edgeCaCommonName()
                    + "'");
        }
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        if (settings.edgeCaSubject() != null && !sameSubject(settings.edgeCaSubject(), subject)) {
            return Optional.of("its subject '" + subject + "' is not the configured '" + settings.edgeCaSubject()
                    + "'");
        }
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        Duration excess = lifetime.minus(settings.edgeCaValidity());
        if (excess.compareTo(LIFETIME_TOLERANCE) > 0
                || (settings.edgeCaSelfSigned() && excess.negated().compareTo(LIFETIME_TOLERANCE) > 0)) {
            return Optional.of("its lifetime of " + describe(lifetime) + (selfSigned ? " differs from" : " exceeds")
                    + " the configured " + describe(settings.edgeCaValidity()));
        }
        List<String> problems = EdgeCaValidation.problems(leaf, key, settings.hostname(), settings.deviceId(), now);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * RFC 5280 name matching: the same RDNs in the same order, values compared without regard to
     * case, spacing or string type. (X500Name.equals would also forgive a different order.)
     */
    private static boolean sameSubject(X500Name configured, X500Name actual) {
        RDN[] expected = configured.getRDNs();
        RDN[] found = actual.getRDNs();
        if (expected.length != found.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!IETFUtils.rDNAreEqual(expected[i], found[i])) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toHours() + " hours";
    }
}
