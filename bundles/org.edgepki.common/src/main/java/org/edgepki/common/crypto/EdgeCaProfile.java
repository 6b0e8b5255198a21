package org.edgepki.common.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * What the product documentation asks of an Edge CA certificate from a PKI ({@code basicConstraints = critical,
 * CA:TRUE, pathlen:0}, {@code keyUsage = critical, digitalSignature, keyCertSign}, {@code subjectKeyIdentifier},
 * {@code authorityKeyIdentifier}), and of the chain given with it. What makes it unusable is an error: it may not
 * sign certificates ({@link CaCertificateRules}), or the chain does not verify link by link, or its authority key
 * identifier names another key than its issuer's. The rest is a warning: such a CA works, but not as the
 * documentation asks (a missing or larger pathlen lets it mint further CAs).
 */
public final class EdgeCaProfile {
    private static final int DIGITAL_SIGNATURE = 0;

    private EdgeCaProfile() {
    }

    /**
     * @param errors why the certificate cannot be the Edge CA, as sentences
     * @param warnings where it departs from the documented profile, as sentences
     */
    public record Findings(List<String> errors, List<String> warnings) {
        /** Copies. */
        public Findings {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param chain the Edge CA first, then its issuers as given (the file's chain)
     * @return the errors and warnings
     */
    public static Findings of(List<X509Certificate> chain) {
        X509Certificate ca = chain.get(0);
        List<String> errors = new ArrayList<>(CaCertificateRules.problems(ca, true));
        List<String> warnings = new ArrayList<>();
        Set<String> critical = Optional.ofNullable(ca.getCriticalExtensionOIDs()).orElse(Set.of());
        if (ca.getBasicConstraints() >= 0) {
            if (!critical.contains(Extension.basicConstraints.getId())) {
                warnings.add("its basicConstraints extension is not marked critical");
            }
            if (ca.getBasicConstraints() == Integer.MAX_VALUE) {
                warnings.add("its basicConstraints has no pathlen: the Edge CA could sign further CA certificates"
                        + " (the documentation asks for pathlen:0)");
            } else if (ca.getBasicConstraints() > 0) {
                warnings.add("its basicConstraints pathlen is " + ca.getBasicConstraints() + ": the Edge CA could"
                        + " sign further CA certificates (the documentation asks for pathlen:0)");
            }
        }
        boolean[] keyUsage = ca.getKeyUsage();
        if (keyUsage != null) {
            if (!critical.contains(Extension.keyUsage.getId())) {
                warnings.add("its keyUsage extension is not marked critical");
            }
            if (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE]) {
                warnings.add("its keyUsage lacks digitalSignature");
            }
        }
        Optional<byte[]> subjectKeyId = subjectKeyId(ca);
        if (subjectKeyId.isEmpty()) {
            warnings.add("it has no subjectKeyIdentifier");
        }
        if (!ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
            Optional<byte[]> authorityKeyId = authorityKeyId(ca);
            if (authorityKeyId.isEmpty()) {
                warnings.add("it has no authorityKeyIdentifier");
            } else if (chain.size() > 1) {
                subjectKeyId(chain.get(1)).filter(issuerKeyId -> !Arrays.equals(issuerKeyId, authorityKeyId.get()))
                        .ifPresent(issuerKeyId -> errors.add("its authorityKeyIdentifier does not name the key of the"
                                + " next certificate in the chain, " + chain.get(1).getSubjectX500Principal()));
            }
        }
        errors.addAll(brokenLinks(chain));
        return new Findings(errors, warnings);
    }

    /** Each certificate of the chain must be issued and signed by the next one. */
    private static List<String> brokenLinks(List<X509Certificate> chain) {
        List<String> broken = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                broken.add("the chain does not verify: certificate " + (i + 1) + " (" + certificate
                        .getSubjectX500Principal() + ") is issued by " + certificate.getIssuerX500Principal()
                        + ", not by the next one, " + issuer.getSubjectX500Principal());
                continue;
            }
            try {
                certificate.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                broken.add("the chain does not verify: certificate " + (i + 1) + " (" + certificate
                        .getSubjectX500Principal() + ") is not signed by the key of the next one");
            }
        }
        return broken;
    }

    private static Optional<byte[]> subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        try {
            return value == null ? Optional.empty() : Optional.of(SubjectKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        try {
            return value == null ? Optional.empty() : Optional.ofNullable(AuthorityKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
