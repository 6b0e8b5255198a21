package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CaCertificateRulesTest {

    private static X509Certificate certificate(boolean ca, Integer keyUsage) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair key = generator.generateKeyPair();
        X500Name name = new X500Name("CN=test");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))), name, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (keyUsage != null) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    @Test
    void a_ca_with_key_cert_sign_may_sign() throws Exception {
        assertEquals(List.of(), CaCertificateRules.problems(certificate(true, KeyUsage.keyCertSign), true));
    }

    @Test
    void a_leaf_or_a_key_usage_without_key_cert_sign_may_not() throws Exception {
        assertEquals(List.of("it is not a CA certificate (basicConstraints CA:TRUE is required)",
                "its keyUsage lacks keyCertSign"), CaCertificateRules.problems(
                        certificate(false, KeyUsage.digitalSignature), false));
    }

    @Test
    void a_missing_key_usage_is_refused_only_where_it_is_required() throws Exception {
        X509Certificate withoutKeyUsage = certificate(true, null);
        assertEquals(List.of("it has no keyUsage extension (keyCertSign is required)"),
                CaCertificateRules.problems(withoutKeyUsage, true), "an Edge CA");
        assertEquals(List.of(), CaCertificateRules.problems(withoutKeyUsage, false), "an existing PKI's CA");
    }
}
