package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The documentation's Edge CA profile: what makes a PKI's Edge CA unusable, and where it departs from the profile. */
class EdgeCaProfileTest {
    private static final KeyPair ROOT_KEY = keyPair();
    private static final KeyPair CA_KEY = keyPair();
    private static final X509Certificate ROOT = root(ROOT_KEY, "CN=root");

    @Test
    void the_documented_profile_has_neither_errors_nor_warnings() throws Exception {
        EdgeCaProfile.Findings findings = EdgeCaProfile.of(List.of(edgeCa(Profile.DOCUMENTED), ROOT));
        assertEquals(List.of(), findings.errors());
        assertEquals(List.of(), findings.warnings());
    }

    @Test
    void a_missing_or_larger_pathlen_and_lax_extensions_are_warnings() throws Exception {
        assertEquals(List.of("its basicConstraints has no pathlen: the Edge CA could sign further CA certificates"
                + " (the documentation asks for pathlen:0)"), warnings(new Profile(-1, true, true, true, true, true)));
        assertEquals(List.of("its basicConstraints pathlen is 2: the Edge CA could sign further CA certificates"
                + " (the documentation asks for pathlen:0)"), warnings(new Profile(2, true, true, true, true, true)));
        assertEquals(List.of("its basicConstraints extension is not marked critical",
                "its keyUsage extension is not marked critical", "its keyUsage lacks digitalSignature",
                "it has no subjectKeyIdentifier", "it has no authorityKeyIdentifier"),
                warnings(new Profile(0, false, false, false, false, false)));
    }

    @Test
    void a_chain_that_does_not_verify_or_a_wrong_authority_key_is_an_error() throws Exception {
        X509Certificate otherRoot = root(keyPair(), "CN=root");
        List<String> errors = EdgeCaProfile.of(List.of(edgeCa(Profile.DOCUMENTED), otherRoot)).errors();
        assertTrue(errors.contains("its authorityKeyIdentifier does not name the key of the next certificate in the"
                + " chain, CN=root"), errors.toString());
        assertTrue(errors.contains("the chain does not verify: certificate 1 (CN=edge ca) is not signed by the key of"
                + " the next one"), errors.toString());
        List<String> wrongName = EdgeCaProfile.of(List.of(edgeCa(Profile.DOCUMENTED), root(ROOT_KEY, "CN=another")))
                .errors();
        assertTrue(wrongName.stream().anyMatch(error -> error.contains("is issued by CN=root, not by the next one,"
                + " CN=another")), wrongName.toString());
    }

    @Test
    void a_certificate_that_may_not_sign_certificates_is_an_error() throws Exception {
        X509v3CertificateBuilder builder = builder("CN=edge ca", CA_KEY);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        List<String> errors = EdgeCaProfile.of(List.of(sign(builder))).errors();
        assertEquals(List.of("it is not a CA certificate (basicConstraints CA:TRUE is required)",
                "it has no keyUsage extension (keyCertSign is required)"), errors);
    }

    private static List<String> warnings(Profile profile) throws Exception {
        EdgeCaProfile.Findings findings = EdgeCaProfile.of(List.of(edgeCa(profile), ROOT));
        assertEquals(List.of(), findings.errors());
        return findings.warnings();
    }

    /** How the Edge CA is made; pathlen -1 for none. */
    private record Profile(int pathLength, boolean basicCritical, boolean keyUsageCritical, boolean digitalSignature,
            boolean subjectKeyId, boolean authorityKeyId) {
        static final Profile DOCUMENTED = new Profile(0, true, true, true, true, true);
    }

    private static X509Certificate edgeCa(Profile profile) throws Exception {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder("CN=edge ca", CA_KEY);
        builder.addExtension(Extension.basicConstraints, profile.basicCritical(), profile.pathLength() < 0
                ? new BasicConstraints(true) : new BasicConstraints(profile.pathLength()));
        builder.addExtension(Extension.keyUsage, profile.keyUsageCritical(), new KeyUsage(KeyUsage.keyCertSign
                | (profile.digitalSignature() ? KeyUsage.digitalSignature : 0)));
        if (profile.subjectKeyId()) {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(CA_KEY.getPublic()));
        }
        if (profile.authorityKeyId()) {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(ROOT_KEY.getPublic()));
        }
        return sign(builder);
    }

    private static X509v3CertificateBuilder builder(String subject, KeyPair subjectKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(new X500Name("CN=root"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject),
                subjectKey.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(ROOT_KEY.getPrivate())));
    }

    private static X509Certificate root(KeyPair key, String name) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(name), BigInteger.ONE,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(365))), new X500Name(name),
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
