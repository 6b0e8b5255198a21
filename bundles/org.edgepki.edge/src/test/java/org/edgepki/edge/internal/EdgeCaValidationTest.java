package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class EdgeCaValidationTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private final KeyPair key = generate();

    @Test
    void a_ca_named_apart_from_the_device_has_no_problems() throws Exception {
        X509Certificate ca = certificate("Edge CA", true, KeyUsage.keyCertSign | KeyUsage.digitalSignature, NOW);
        assertEquals(List.of(), EdgeCaValidation.problems(ca, "gateway", "device-1", "registration-1"));
    }

    @Test
    void a_common_name_equal_to_the_hostname_or_device_id_is_rejected() throws Exception {
        X509Certificate ca = certificate("Gateway", true, KeyUsage.keyCertSign, NOW);
        assertTrue(EdgeCaValidation.problems(ca, "gateway", "", "").get(0).contains("equals the hostname"));
        assertTrue(EdgeCaValidation.problems(ca, "other", "gateway", "").get(0).contains("equals the device id"));
        assertEquals(List.of("its common name 'Gateway' equals the DPS registration id; they must differ"),
                EdgeCaValidation.problems(ca, "other", "", "GATEWAY"));
    }

    private X509Certificate certificate(String cn, boolean ca, int keyUsage, Instant notBefore) throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(notBefore.minusSeconds(60)), Date.from(notBefore.plus(Duration.ofDays(30))), name, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
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
