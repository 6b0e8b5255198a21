package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SelfSignedIssuerTest {
    private static final String EDGE_CA = CredentialIds.EDGE_CA;
    private static final String SUBJECT = "CN=Test Edge CA,O=edgepki";

    private final Provider provider = new BouncyCastleProvider();
    private final InMemoryKeyService keys = new InMemoryKeyService(provider);
    private final SelfSignedIssuer issuer = new SelfSignedIssuer();

    @BeforeEach
    void activate() throws Exception {
        ComponentLifecycle.call(issuer, "activate", ComponentLifecycle.config(SelfSignedIssuerConfig.class, Map.of()));
        issuer.bindKeyService(keys);
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256"})
    void a_self_signed_ca_has_exactly_the_ca_extensions(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = keys.generate(EDGE_CA, algorithm);

        List<X509Certificate> chain = issuer.issue(caRequest(TestCsrs.signedBy(provider, pair, SUBJECT)));

        assertEquals(1, chain.size());
        X509Certificate ca = chain.get(0);
        assertEquals(Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId()),
                ca.getCriticalExtensionOIDs());
        assertEquals(Set.of(Extension.subjectKeyIdentifier.getId()), ca.getNonCriticalExtensionOIDs());
        assertEquals(0, ca.getBasicConstraints(), "CA:TRUE with pathlen 0");
        boolean[] keyUsage = Arrays.copyOf(ca.getKeyUsage(), 9);
        assertArrayEquals(new boolean[] {true, false, false, false, false, true, false, false, false}, keyUsage,
                "digitalSignature and keyCertSign only");
        assertNull(ca.getExtensionValue(Extension.authorityKeyIdentifier.getId()));
        assertArrayEquals(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()).getKeyIdentifier(),
                TestCertificates.subjectKeyIdentifier(ca), "RFC 5280 method 1 key identifier");
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        assertEquals(new X500Name(SUBJECT), X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                "the CSR's subject, RDNs in the CSR's order");
        ca.verify(pair.getPublic());
        assertSerialIsPositiveAndAtMost128Bits(ca.getSerialNumber());
    }

    @Test
    void serials_are_distinct_across_issuances() throws Exception {
        KeyPair pair = keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);
        byte[] csr = TestCsrs.signedBy(provider, pair, SUBJECT);

        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger serial = issuer.issue(caRequest(csr)).get(0).getSerialNumber();
            assertSerialIsPositiveAndAtMost128Bits(serial);
            serials.add(serial);
        }
        assertEquals(20, serials.size());
    }

    @Test
    void a_csr_whose_key_is_not_the_key_of_the_request_is_refused() {
        keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);
        KeyPair otherPair = InMemoryKeyService.generateKeyPair(provider, KeyAlgorithm.EC_P256);

        IssuanceException e = assertThrows(IssuanceException.class,
                () -> issuer.issue(caRequest(TestCsrs.signedBy(provider, otherPair, SUBJECT))));

        assertEquals(EDGE_CA, e.subject());
        assertFalse(e.isRetryable());
        assertTrue(e.rule().contains("CSR's public key is not the public key of key '" + EDGE_CA + "'"), e.rule());
    }

    @Test
    void a_csr_with_a_broken_signature_is_refused() {
        KeyPair pair = keys.generate(EDGE_CA, KeyAlgorithm.RSA_2048);
        byte[] csr = TestCsrs.signedBy(provider, pair, SUBJECT);
        csr[csr.length - 1] ^= 0x55;

        IssuanceException e = assertThrows(IssuanceException.class, () -> issuer.issue(caRequest(csr)));

        assertFalse(e.isRetryable());
        assertTrue(e.rule().contains("signature does not verify"), e.rule());
    }

    @Test
    void garbage_csr_bytes_are_refused() {
        keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);

        IssuanceException e = assertThrows(IssuanceException.class,
                () -> issuer.issue(caRequest("not a certification request".getBytes())));

        assertFalse(e.isRetryable());
        assertTrue(e.rule().contains("not a DER-encoded PKCS#10"), e.rule());
    }

    @Test
    void a_missing_subject_key_is_reported_with_its_id() {
        KeyPair unknownPair = InMemoryKeyService.generateKeyPair(provider, KeyAlgorithm.EC_P256);

        IssuanceException e = assertThrows(IssuanceException.class,
                () -> issuer.issue(caRequest(TestCsrs.signedBy(provider, unknownPair, SUBJECT))));

        assertTrue(e.rule().contains("subject key '" + EDGE_CA + "'"), e.rule());
        assertTrue(e.getCause() instanceof KeyException);
    }

    @Test
    void a_missing_key_service_is_a_retryable_error_after_the_timeout() throws Exception {
        KeyPair pair = keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);
        ComponentLifecycle.call(issuer, "modified",
                ComponentLifecycle.config(SelfSignedIssuerConfig.class, Map.of("service_timeout_seconds", 1)));
        issuer.unbindKeyService(keys);

        long started = System.nanoTime();
        IssuanceException e = assertThrows(IssuanceException.class,
                () -> issuer.issue(caRequest(TestCsrs.signedBy(provider, pair, SUBJECT))));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(e.isRetryable());
        assertTrue(e.rule().contains("KeyService"), e.rule());
        assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, "waited " + waited);
        assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "waited " + waited);
    }

    @Test
    void a_key_service_that_returns_while_a_request_waits_serves_it() throws Exception {
        KeyPair pair = keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);
        issuer.unbindKeyService(keys);
        IssuanceRequest request = caRequest(TestCsrs.signedBy(provider, pair, SUBJECT));

        CompletableFuture<List<X509Certificate>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return issuer.issue(request);
            } catch (IssuanceException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        issuer.bindKeyService(keys);

        assertEquals(1, waiting.get(10, TimeUnit.SECONDS).size());
    }

    @Test
    void a_retryable_key_service_error_stays_retryable() {
        KeyPair pair = keys.generate(EDGE_CA, KeyAlgorithm.EC_P256);
        keys.failSigningWith(new KeyException(EDGE_CA, "the token is not present", true, null));

        IssuanceException e = assertThrows(IssuanceException.class,
                () -> issuer.issue(caRequest(TestCsrs.signedBy(provider, pair, SUBJECT))));

        assertTrue(e.isRetryable());
        assertTrue(e.rule().contains("the token is not present"), e.rule());
    }

    @Test
    void a_self_signed_server_certificate_is_possible_too() throws Exception {
        KeyPair pair = keys.generate("standalone", KeyAlgorithm.EC_P256);

        X509Certificate certificate = issuer.issue(new IssuanceRequest("standalone", "standalone",
                TestCsrs.signedBy(provider, pair, "CN=standalone"), CertificateProfile.SERVER, List.of(),
                Duration.ofDays(1), null)).get(0);

        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
        certificate.verify(pair.getPublic());
    }

    private static IssuanceRequest caRequest(byte[] csr) {
        return new IssuanceRequest(EDGE_CA, EDGE_CA, csr, CertificateProfile.CA, List.of(), Duration.ofDays(90), null);
    }

    private static void assertSerialIsPositiveAndAtMost128Bits(BigInteger serial) {
        assertEquals(1, serial.signum(), "positive, non-zero serial");
        assertTrue(serial.bitLength() <= 128, "bit length " + serial.bitLength());
    }
}
