package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.junit.jupiter.api.Test;

class IssuedCertificateCheckTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    private final KeyPair caKey = ecKey();
    private final KeyPair otherCaKey = ecKey();
    private final KeyPair deviceKey = ecKey();
    private final X509Certificate ca = certificate("CN=EST CA", caKey, "CN=EST CA", caKey, NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(3650)), true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null);

    @Test
    void a_certificate_from_the_servers_ca_valid_now_for_the_key_and_the_profile_is_accepted() {
        X509Certificate client = leaf(caKey, deviceKey, NOW, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth);
        assertDoesNotThrow(() -> verify(client, CertificateProfile.CLIENT));
        X509Certificate noUsages = leaf(caKey, deviceKey, NOW, -1, null);
        assertDoesNotThrow(() -> verify(noUsages, CertificateProfile.SERVER), "no key usage extension: any use");
        X509Certificate edgeCa = certificate("CN=edge CA", deviceKey, "CN=EST CA", caKey, NOW, NOW.plus(Duration.ofDays(90)),
                true, KeyUsage.keyCertSign | KeyUsage.digitalSignature, null);
        assertDoesNotThrow(() -> verify(edgeCa, CertificateProfile.CA));
        X509Certificate slightlyAhead = leaf(caKey, deviceKey, NOW.plus(Duration.ofMinutes(4)), KeyUsage.digitalSignature,
                null);
        assertDoesNotThrow(() -> verify(slightlyAhead, CertificateProfile.CLIENT), "a server clock a little ahead");
    }

    @Test
    void a_certificate_from_another_ca_is_refused() {
        X509Certificate foreign = leaf(otherCaKey, deviceKey, NOW, KeyUsage.digitalSignature, null);
        assertRefused(foreign, CertificateProfile.CLIENT, "none of its CA certificates (/cacerts) signed");
    }

    @Test
    void an_expired_or_future_certificate_is_refused() {
        assertRefused(leaf(caKey, deviceKey, NOW.minus(Duration.ofDays(31)), KeyUsage.digitalSignature, null),
                CertificateProfile.CLIENT, "is not valid now");
        assertRefused(leaf(caKey, deviceKey, NOW.plus(Duration.ofDays(1)), KeyUsage.digitalSignature, null),
                CertificateProfile.CLIENT, "is not valid now");
    }

    @Test
    void a_certificate_for_another_key_is_refused() {
        assertRefused(leaf(caKey, ecKey(), NOW, KeyUsage.digitalSignature, null), CertificateProfile.CLIENT,
                "for another key");
    }

    @Test
    void a_certificate_that_cannot_do_what_it_was_asked_for_is_refused() {
        assertRefused(leaf(caKey, deviceKey, NOW, KeyUsage.digitalSignature, null), CertificateProfile.CA,
                "cannot act as a CA");
        assertRefused(leaf(caKey, deviceKey, NOW, KeyUsage.keyEncipherment, null), CertificateProfile.SERVER,
                "does not allow digitalSignature");
        assertRefused(leaf(caKey, deviceKey, NOW, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth),
                CertificateProfile.SERVER, "does not allow serverAuth");
        assertRefused(leaf(caKey, deviceKey, NOW, KeyUsage.digitalSignature, KeyPurposeId.id_kp_serverAuth),
                CertificateProfile.CLIENT, "does not allow clientAuth");
    }

    private void verify(X509Certificate issued, CertificateProfile profile) throws IssuanceException {
        IssuedCertificateCheck.verify("device-id", issued, List.of(ca), deviceKey.getPublic(), profile, NOW);
    }

    private void assertRefused(X509Certificate issued, CertificateProfile profile, String rule) {
        IssuanceException e = assertThrows(IssuanceException.class, () -> verify(issued, profile));
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        assertTrue(e.getMessage().startsWith("device-id: "), e.getMessage());
    }

    private X509Certificate leaf(KeyPair issuer, KeyPair subject, Instant notBefore, int usage, KeyPurposeId purpose) {
        return certificate("CN=device", subject, "CN=EST CA", issuer, notBefore, notBefore.plus(Duration.ofDays(30)),
                false, usage, purpose);
    }

    private static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, int usage, KeyPurposeId purpose) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            if (usage >= 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
