package org.edgepki.tools.demo;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge CA naming, validity, serials, and what a later step refuses to sign with. */
class DemoPkiRulesTest {
    private static final DemoName DEVICE = new DemoName("gw1");
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    @TempDir
    Path directory;

    private DemoPki pki(DemoOptions options, Instant now) {
        return new DemoPki(directory, options, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom(), PROVIDER);
    }

    private DemoPki pki(DemoOptions options) {
        return pki(options, NOW);
    }

    private X509Certificate certificate(Path file) throws Exception {
        return new PemFiles(PROVIDER).readCertificate(file);
    }

    @Test
    void edge_ca_common_name_gets_the_ca_suffix() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        assertEquals("CN=gw1.ca", certificate(pki.layout().edgeCaCertificate(DEVICE)).getSubjectX500Principal()
                .getName());
        assertEquals("CN=gw1", certificate(pki.layout().deviceCertificate(DEVICE)).getSubjectX500Principal()
                .getName());
    }

    @Test
    void keep_name_uses_the_name_as_given_when_it_differs_from_the_hostname() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.root();
        pki.intermediate();
        pki(DemoOptions.defaults().withKeepEdgeCaName(true).withHostname("gw1.local")).edgeCa(DEVICE);
        assertEquals("CN=gw1", certificate(pki.layout().edgeCaCertificate(DEVICE)).getSubjectX500Principal()
                .getName());
    }

    @Test
    void keep_name_refuses_a_name_equal_to_the_hostname_in_any_case() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults().withKeepEdgeCaName(true).withHostname("GW1"));
        DemoPkiException refusal = assertThrows(DemoPkiException.class, () -> pki.edgeCa(DEVICE));
        assertTrue(refusal.getMessage().contains("equals the hostname 'GW1'"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("--keep-name"), refusal.getMessage());
        assertFalse(Files.exists(pki.layout().privateDirectory()));
    }

    @Test
    void the_suffixed_name_is_refused_too_when_it_is_the_hostname() {
        DemoPki pki = pki(DemoOptions.defaults().withHostname("gw1.ca"));
        assertThrows(DemoPkiException.class, () -> pki.edgeCa(DEVICE));
    }

    @Test
    void all_with_keep_name_refuses_because_the_edge_ca_would_equal_the_device_id() {
        DemoPki pki = pki(DemoOptions.defaults().withKeepEdgeCaName(true));
        DemoPkiException refusal = assertThrows(DemoPkiException.class, () -> pki.all(DEVICE));
        assertTrue(refusal.getMessage().contains("equals the device id"), refusal.getMessage());
    }

    @Test
    void certificates_are_valid_for_30_days_by_default_and_never_beyond_their_issuer() throws Exception {
        pki(DemoOptions.defaults()).root();
        X509Certificate root = certificate(pki(DemoOptions.defaults()).layout().rootCertificate());
        assertEquals(NOW, root.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(30)), root.getNotAfter().toInstant());

        Instant later = NOW.plus(Duration.ofDays(10));
        pki(DemoOptions.defaults().withValidityDays(365), later).intermediate();
        X509Certificate intermediate = certificate(pki(DemoOptions.defaults()).layout().intermediateCertificate());
        assertEquals(later, intermediate.getNotBefore().toInstant());
        assertEquals(root.getNotAfter(), intermediate.getNotAfter());
    }

    @Test
    void serial_numbers_are_random_positive_and_at_least_127_bits() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        DemoLayout layout = pki.layout();
        Set<BigInteger> serials = new HashSet<>();
        for (Path file : List.of(layout.rootCertificate(), layout.intermediateCertificate(),
                layout.edgeCaCertificate(DEVICE), layout.deviceCertificate(DEVICE))) {
            BigInteger serial = certificate(file).getSerialNumber();
            assertEquals(1, serial.signum());
            assertTrue(serial.bitLength() >= 127, serial.toString(16));
            serials.add(serial);
        }
        assertEquals(4, serials.size());
    }

    @Test
    void authority_key_identifier_is_the_issuers_subject_key_identifier() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        X509Certificate intermediate = certificate(pki.layout().intermediateCertificate());
        X509Certificate edgeCa = certificate(pki.layout().edgeCaCertificate(DEVICE));
        byte[] subjectKeyId = ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                intermediate.getExtensionValue(Extension.subjectKeyIdentifier.getId()))).getOctets();
        byte[] authorityKeyId = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                edgeCa.getExtensionValue(Extension.authorityKeyIdentifier.getId()))).getKeyIdentifier();
        assertArrayEquals(subjectKeyId, authorityKeyId);
    }

    @Test
    void key_option_chooses_ec_p256_by_default_or_rsa_2048() throws Exception {
        DemoPki ec = pki(DemoOptions.defaults());
        ec.root();
        ECPublicKey ecKey = (ECPublicKey) certificate(ec.layout().rootCertificate()).getPublicKey();
        assertEquals(256, ecKey.getParams().getOrder().bitLength());

        DemoPki rsa = pki(DemoOptions.defaults().withKeyType(DemoKeyType.RSA_2048).withForce(true));
        rsa.root();
        RSAPublicKey rsaKey = (RSAPublicKey) certificate(rsa.layout().rootCertificate()).getPublicKey();
        assertEquals(2048, rsaKey.getModulus().bitLength());
    }

    @Test
    void edge_ca_without_an_intermediate_names_the_missing_file_and_the_step() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.root();
        DemoPkiException refusal = assertThrows(DemoPkiException.class, () -> pki.edgeCa(DEVICE));
        assertEquals("no intermediate CA certificate at " + pki.layout().intermediateCertificate()
                + "; run the 'intermediate' step first", refusal.getMessage());
    }

    @Test
    void an_intermediate_from_a_replaced_root_is_refused() throws Exception {
        pki(DemoOptions.defaults()).root();
        pki(DemoOptions.defaults()).intermediate();
        pki(DemoOptions.defaults().withForce(true)).root();
        DemoPkiException refusal = assertThrows(DemoPkiException.class,
                () -> pki(DemoOptions.defaults()).edgeCa(DEVICE));
        assertTrue(refusal.getMessage().contains("was not issued by"), refusal.getMessage());
    }

    @Test
    void a_key_of_another_certificate_is_refused() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        Files.copy(pki.layout().deviceKey(DEVICE), pki.layout().intermediateKey(), REPLACE_EXISTING);
        DemoPkiException refusal = assertThrows(DemoPkiException.class,
                () -> pki(DemoOptions.defaults()).device(new DemoName("gw2")));
        assertEquals(pki.layout().intermediateKey() + " is not the private key of "
                + pki.layout().intermediateCertificate(), refusal.getMessage());
    }

    @Test
    void a_corrupt_certificate_file_is_named() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.root();
        Files.writeString(pki.layout().rootCertificate(), "not a certificate\n");
        DemoPkiException refusal = assertThrows(DemoPkiException.class, pki::intermediate);
        assertEquals(pki.layout().rootCertificate() + " does not start with a PEM certificate",
                refusal.getMessage());
    }

    @Test
    void an_expired_root_is_refused_with_the_date() throws Exception {
        pki(DemoOptions.defaults(), NOW.minus(Duration.ofDays(31))).root();
        DemoPkiException refusal = assertThrows(DemoPkiException.class,
                () -> pki(DemoOptions.defaults()).intermediate());
        assertTrue(refusal.getMessage().contains("expired on"), refusal.getMessage());
    }

    @Test
    void a_root_key_in_traditional_pem_is_read_too() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.root();
        Openssl.Result traditional = Openssl.run(directory, "pkey", "-traditional", "-in",
                pki.layout().rootKey().toString());
        assertEquals(0, traditional.exitCode(), traditional.output());
        Files.writeString(pki.layout().rootKey(), traditional.output());
        assertTrue(Files.readString(pki.layout().rootKey()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        pki.intermediate();
    }
}
