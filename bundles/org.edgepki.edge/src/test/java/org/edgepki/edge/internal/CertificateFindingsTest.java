package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyPairInfo;
import org.junit.jupiter.api.Test;

class CertificateFindingsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final KeyPair ROOT_KEY = ec();
    private static final X509Certificate ROOT = certificate("CN=root", ROOT_KEY, "CN=root", ROOT_KEY,
            NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(3650)), true);

    @Test
    void a_valid_certificate_is_ok_and_says_how_long_it_has() {
        Finding finding = CertificateFindings.expiry(stored(leaf(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))),
                NOW, "renew");
        assertEquals(Severity.OK, finding.severity());
        assertTrue(finding.message().contains("30 days"), finding.message());
    }

    @Test
    void the_identity_certificate_must_be_named_after_the_device_id_or_registration_id() {
        StoredCertificate issued = stored(leaf(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
        Finding named = CertificateFindings.identityName(issued, "leaf", "device id");
        assertEquals(Severity.OK, named.severity());
        assertEquals("the identity certificate's CN is the device id \"leaf\"", named.message());

        Finding other = CertificateFindings.identityName(issued, "gw1", "registration id");
        assertEquals(Severity.ERROR, other.severity());
        assertEquals("the identity certificate's CN \"leaf\" is not the registration id \"gw1\": DPS will not"
                + " authenticate the device with it", other.message());
        assertEquals("set the identity certificate's common_name to \"gw1\" in config.toml, then edgepki:renew device-id",
                other.fix());

        StoredCertificate escaped = stored(certificate("CN=gw\\,1", ROOT_KEY, "CN=root", ROOT_KEY,
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), false));
        assertEquals(Severity.OK, CertificateFindings.identityName(escaped, "gw,1", "device id").severity(),
                "a device id with a comma is the CN's text, not its RFC 4514 form gw\\,1");

        StoredCertificate fromFile = new StoredCertificate("device-id", URI.create("file:///var/secrets/id.pem"),
                issued.chain(), true, "", "");
        Finding file = CertificateFindings.identityName(fromFile, "Gw1", "device id");
        assertEquals(Severity.ERROR, file.severity(), "IoT Hub device ids are case-sensitive");
        assertTrue(file.message().contains("IoT Hub will not authenticate"), file.message());
        assertEquals("use an identity certificate issued for CN=Gw1 (file:///var/secrets/id.pem), or correct the device"
                + " id in config.toml", file.fix());
    }

    @Test
    void an_expired_certificate_is_an_error_with_the_fix() {
        Finding finding = CertificateFindings.expiry(stored(leaf(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(1)))),
                NOW, "renew it");
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("expired"), finding.message());
        assertEquals("renew it", finding.fix());
    }

    @Test
    void a_certificate_not_yet_valid_is_an_error_that_points_at_the_clock() {
        Finding finding = CertificateFindings.expiry(stored(leaf(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))),
                NOW, "renew it");
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.fix().contains("clock"), finding.fix());
    }

    @Test
    void a_certificate_expiring_within_seven_days_is_a_warning() {
        Finding finding = CertificateFindings.expiry(stored(leaf(NOW.minus(Duration.ofDays(20)), NOW.plus(Duration.ofDays(6)))),
                NOW, "renew it");
        assertEquals(Severity.WARNING, finding.severity());
    }

    @Test
    void an_expired_issuer_makes_the_chain_an_error() {
        KeyPair caKey = ec();
        X509Certificate ca = certificate("CN=ca", caKey, "CN=root", ROOT_KEY, NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(2)), true);
        KeyPair key = ec();
        X509Certificate leaf = certificate("CN=leaf", key, "CN=ca", caKey, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)), false);
        Finding finding = CertificateFindings.expiry(new StoredCertificate("device-id", URI.create("file:///x"),
                List.of(leaf, ca), false, "", ""), NOW, "renew");
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("issuer"), finding.message());
    }

    @Test
    void a_key_that_is_not_the_certificates_is_an_error() {
        KeyPair other = ec();
        Finding finding = CertificateFindings.keyMatch(stored(leaf(NOW, NOW.plus(Duration.ofDays(30)))),
                new KeyPairInfo("device-id", URI.create("file:///k"), KeyAlgorithm.EC_P256, other.getPublic()),
                (id, algorithm, data) -> sign(other, algorithm, data), "fix it");
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("public keys differ"), finding.message());
    }

    @Test
    void a_key_whose_signatures_do_not_verify_is_an_error_even_with_the_right_public_key() {
        KeyPair other = ec();
        Finding finding = CertificateFindings.keyMatch(stored(leaf(NOW, NOW.plus(Duration.ofDays(30)))),
                new KeyPairInfo("device-id", URI.create("pkcs11:object=x"), KeyAlgorithm.EC_P256, ROOT_KEY.getPublic()),
                (id, algorithm, data) -> sign(other, algorithm, data), "fix it");
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("does not verify"), finding.message());
    }

    @Test
    void the_matching_key_is_ok() {
        Finding finding = CertificateFindings.keyMatch(stored(leaf(NOW, NOW.plus(Duration.ofDays(30)))),
                new KeyPairInfo("device-id", URI.create("file:///k"), KeyAlgorithm.EC_P256, ROOT_KEY.getPublic()),
                (id, algorithm, data) -> sign(ROOT_KEY, algorithm, data), "fix it");
        assertEquals(Severity.OK, finding.severity(), finding.message());
    }

    @Test
    void an_rsa_1024_key_in_the_chain_is_an_error_and_p256_is_ok() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        X509Certificate weakLeaf = certificate("CN=weak", weak, "CN=root", ROOT_KEY, NOW, NOW.plus(Duration.ofDays(3)), false);
        Finding finding = CertificateFindings.keyStrength(stored(weakLeaf));
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("1024 bits"), finding.message());
        assertEquals(Severity.OK, CertificateFindings.keyStrength(stored(leaf(NOW, NOW.plus(Duration.ofDays(3))))).severity());
    }

    @Test
    void the_trust_bundle_must_hold_the_root_of_the_edge_ca_chain() {
        KeyPair caKey = ec();
        X509Certificate edgeCa = certificate("CN=edge ca", caKey, "CN=root", ROOT_KEY, NOW, NOW.plus(Duration.ofDays(30)), true);
        StoredCertificate stored = new StoredCertificate("aziot-edged-ca", URI.create("file:///x"), List.of(edgeCa), true, "", "");
        assertEquals(Severity.ERROR, CertificateFindings.trustRoot(stored, List.of(edgeCa)).severity());
        assertEquals(Severity.OK, CertificateFindings.trustRoot(stored, List.of(ROOT)).severity());
        StoredCertificate selfSigned = new StoredCertificate("aziot-edged-ca", URI.create("file:///x"), List.of(ROOT), false, "", "");
        assertEquals(Severity.OK, CertificateFindings.trustRoot(selfSigned, List.of(ROOT)).severity());
    }

    private static X509Certificate leaf(Instant notBefore, Instant notAfter) {
        return certificate("CN=leaf", ROOT_KEY, "CN=root", ROOT_KEY, notBefore, notAfter, false);
    }

    private static StoredCertificate stored(X509Certificate leaf) {
        return new StoredCertificate("device-id", URI.create("file:///x"), List.of(leaf, ROOT), false, "", "");
    }

    private static byte[] sign(KeyPair key, String algorithm, byte[] data) throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key.getPrivate());
        signature.update(data);
        return signature.sign();
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey,
            Instant notBefore, Instant notAfter, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            String algorithm = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
