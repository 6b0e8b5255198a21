package org.edgepki.credentials.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.common.crypto.CaCertificateRules;
import org.edgepki.common.crypto.EdgeCaProfile;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.SubjectEntries;

/**
 * Whether a stored certificate may stay a credential's: it must match its key, and still be what the
 * credential's settings ask for, so that a change of method, subject or lifetime in the field takes effect
 * with a new certificate (and a new key), made like a renewal. Expiry is no reason here: that is a renewal.
 */
final class CredentialFit {
    /** Slack for lifetimes: issuers round to seconds and may start validity a little early. */
    static final Duration LIFETIME_TOLERANCE = Duration.ofHours(1);

    private CredentialFit() {
    }

    /**
     * The rules, for an issued (not manual) credential:
     * <ul>
     * <li>its key exists and matches the certificate;</li>
     * <li>and, for a configured credential (a module certificate's settings are its own certificate's):</li>
     * <li>it is self-signed exactly when the method is {@code self_signed};</li>
     * <li>a CA profile's certificate may sign certificates;</li>
     * <li>unless an EST server issued it (RFC 7030 servers decide subject and lifetime): the configured subject,
     * when one is set, RDN for RDN; and the configured lifetime, within an hour for a self-signed certificate, at
     * most an hour more for an issued one (a local CA caps it at its own notAfter).</li>
     * </ul>
     *
     * @param key the public key stored under the credential's id, or empty when there is none
     * @return why it must be replaced, as a sentence; empty if it may be kept
     */
    static Optional<String> replacementReason(X509Certificate leaf, Optional<PublicKey> key,
            ManagedCredential credential) {
        if (key.isEmpty()) {
            return Optional.of("there is no key for it");
        }
        if (!PublicKeyMatch.sameKey(leaf.getPublicKey(), key.get())) {
            return Optional.of("its key does not match the certificate");
        }
        if (credential.profile().isEmpty()) {
            return Optional.empty(); // its settings are its own certificate's (a module certificate)
        }
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        boolean wantSelfSigned = ManagedCredential.SELF_SIGNED.equals(credential.method());
        if (selfSigned != wantSelfSigned) {
            return Optional.of((selfSigned ? "it is self-signed" : "it is not self-signed") + " but the method is '"
                    + credential.method() + "'");
        }
        if (credential.profile().get() == CertificateProfile.CA) {
            List<String> problems = CaCertificateRules.problems(leaf, true);
            if (!problems.isEmpty()) {
                return Optional.of(String.join("; ", problems));
            }
        }
        if ("est".equals(credential.method())) {
            return Optional.empty();
        }
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        Optional<X500Name> configured = configuredSubject(credential);
        if (configured.isPresent() && !sameSubject(configured.get(), subject)) {
            return Optional.of("its subject '" + subject + "' is not the configured '" + configured.get() + "'");
        }
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        Duration excess = lifetime.minus(credential.validity());
        if (excess.compareTo(LIFETIME_TOLERANCE) > 0
                || (wantSelfSigned && excess.negated().compareTo(LIFETIME_TOLERANCE) > 0)) {
            return Optional.of("its lifetime of " + describe(lifetime) + (selfSigned ? " differs from" : " exceeds")
                    + " the configured " + describe(credential.validity()));
        }
        return Optional.empty();
    }

    /**
     * The rules for a manual credential (files the operator provides): its key exists and matches, it is valid
     * now, and a CA profile's certificate may sign certificates, with a chain that verifies link by link
     * ({@link EdgeCaProfile}'s errors; its warnings are the edge's {@code edge-ca-profile} check).
     *
     * @param chain the certificate first, then the chain given with it
     * @return every rule it breaks, as sentences; empty if it may be used
     */
    static List<String> manualProblems(List<X509Certificate> chain, Optional<PublicKey> key,
            ManagedCredential credential, Instant now) {
        X509Certificate leaf = chain.get(0);
        List<String> problems = new ArrayList<>();
        if (key.isEmpty()) {
            problems.add("its private key is missing");
        } else if (!PublicKeyMatch.sameKey(leaf.getPublicKey(), key.get())) {
            problems.add("its private key does not match the certificate");
        }
        if (credential.profile().orElse(null) == CertificateProfile.CA) {
            problems.addAll(EdgeCaProfile.of(chain).errors());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add("it is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add("it expired on " + leaf.getNotAfter().toInstant());
        }
        return problems;
    }

    private static Optional<X500Name> configuredSubject(ManagedCredential credential) {
        if (credential.subject().isEmpty()) {
            return Optional.empty();
        }
        try {
            return SubjectEntries.parse(credential.subject().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an issuance with it says so
        }
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
