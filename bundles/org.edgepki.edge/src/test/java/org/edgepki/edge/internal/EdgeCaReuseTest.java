package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class EdgeCaReuseTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final X500Name CN_ONLY = new X500Name("CN=test CA");
    private static final X500Name FULL = new X500Name("L=AQ,ST=Antarctica,CN=test CA");
    private final KeyPair key = generate();
    private final KeyPair issuerKey = generate();

    @Test
    void a_quickstart_edge_ca_with_the_configured_lifetime_is_kept() throws Exception {
        X509Certificate ca = selfSigned(CN_ONLY, Duration.ofDays(90));
        X509Certificate slightlyShorter = selfSigned(CN_ONLY, Duration.ofDays(90).minusMinutes(59));

        assertEquals(Optional.empty(), reason(ca, settings("quickstart", null, Duration.ofDays(90))));
        assertEquals(Optional.empty(), reason(slightlyShorter, settings("quickstart", null, Duration.ofDays(90))));
    }

    @Test
    void a_self_signed_edge_ca_with_another_lifetime_is_replaced_whether_shorter_or_longer() throws Exception {
        X509Certificate ca = selfSigned(CN_ONLY, Duration.ofDays(90));

        assertEquals(Optional.of("its lifetime of 90 days differs from the configured 30 days"),
                reason(ca, settings("quickstart", null, Duration.ofDays(30))));
        assertEquals(Optional.of("its lifetime of 90 days differs from the configured 365 days"),
                reason(ca, settings("self_signed", null, Duration.ofDays(365))));
    }

    @Test
    void an_issued_edge_ca_may_be_shorter_than_configured_but_not_longer() throws Exception {
        X509Certificate capped = issued(CN_ONLY, Duration.ofDays(20));
        X509Certificate longer = issued(CN_ONLY, Duration.ofDays(90));

        assertEquals(Optional.empty(), reason(capped, settings("est", null, Duration.ofDays(30))));
        assertEquals(Optional.of("its lifetime of 90 days exceeds the configured 30 days"),
                reason(longer, settings("local_ca", null, Duration.ofDays(30))));
        assertEquals(Optional.empty(), reason(longer, settings("local_ca", null, Duration.ofDays(90))));
    }

    @Test
    void with_a_subject_configured_the_whole_subject_must_match() throws Exception {
        X509Certificate cnOnly = selfSigned(CN_ONLY, Duration.ofDays(90));
        X509Certificate full = selfSigned(FULL, Duration.ofDays(90));
        X509Certificate reordered = selfSigned(new X500Name("ST=Antarctica,L=AQ,CN=test CA"), Duration.ofDays(90));

        assertEquals(Optional.empty(), reason(full, settings("quickstart", FULL, Duration.ofDays(90))));
        assertTrue(reason(cnOnly, settings("quickstart", FULL, Duration.ofDays(90))).orElseThrow()
                .startsWith("its subject 'CN=test CA' is not the configured 'L=AQ,ST=Antarctica,CN=test CA'"));
        assertTrue(reason(reordered, settings("quickstart", FULL, Duration.ofDays(90))).isPresent());
    }

    @Test
    void without_a_subject_configured_only_the_common_name_counts() throws Exception {
        X509Certificate full = selfSigned(FULL, Duration.ofDays(90));
        X509Certificate renamed = selfSigned(new X500Name("CN=old CA"), Duration.ofDays(90));

        assertEquals(Optional.empty(), reason(full, settings("quickstart", null, Duration.ofDays(90))));
        assertEquals(Optional.of("its CN 'old CA' is not the configured 'test CA'"),
                reason(renamed, settings("quickstart", null, Duration.ofDays(90))));
    }

    @Test
    void a_switch_between_self_signed_and_issued_replaces_the_edge_ca() throws Exception {
        assertEquals(Optional.of("it is self-signed but the method is 'est'"),
                reason(selfSigned(CN_ONLY, Duration.ofDays(90)), settings("est", null, Duration.ofDays(90))));
        assertEquals(Optional.of("it is not self-signed but the method is 'quickstart'"),
                reason(issued(CN_ONLY, Duration.ofDays(90)), settings("quickstart", null, Duration.ofDays(90))));
    }

    @Test
    void an_expired_edge_ca_is_replaced() throws Exception {
        X509Certificate ca = selfSigned(CN_ONLY, Duration.ofDays(90));

        assertTrue(EdgeCaReuse.replacementReason(ca, key.getPublic(), settings("quickstart", null, Duration.ofDays(90)),
                NOW.plus(Duration.ofDays(91))).orElseThrow().startsWith("it expired on"));
    }

    private Optional<String> reason(X509Certificate ca, EdgeSettings settings) {
        return EdgeCaReuse.replacementReason(ca, key.getPublic(), settings, NOW);
    }

    private static EdgeSettings settings(String method, X500Name subject, Duration validity) {
        return new EdgeSettings("gateway", "device-1", method, "test CA", subject, validity, "ec-p256", null,
                Duration.ofDays(30), "ec-p256", Duration.ofSeconds(10));
    }

    private X509Certificate selfSigned(X500Name subject, Duration lifetime) throws Exception {
        return certificate(subject, subject, lifetime, key);
    }

    private X509Certificate issued(X500Name subject, Duration lifetime) throws Exception {
        return certificate(subject, new X500Name("CN=Issuing CA"), lifetime, issuerKey);
    }

    private X509Certificate certificate(X500Name subject, X500Name issuer, Duration lifetime, KeyPair signer)
            throws Exception {
        Instant notBefore = NOW.minus(Duration.ofDays(1));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TEN,
                Date.from(notBefore), Date.from(notBefore.plus(lifetime)), subject, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
