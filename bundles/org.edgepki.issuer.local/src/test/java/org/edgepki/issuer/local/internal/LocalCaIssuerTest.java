package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.issuer.SubjectAltName.Type;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.issuer.local.internal.TestCertificates.TestExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalCaIssuerTest {
    private static final String CA_ID = "local-ca";
    private static final Duration CA_VALIDITY = Duration.ofDays(30);

    private final Provider provider = new BouncyCastleProvider();
    private final InMemoryKeyService keys = new InMemoryKeyService(provider);
    private final InMemoryCertificateService certificates = new InMemoryCertificateService();
    private final SelfSignedIssuer selfSigned = new SelfSignedIssuer();
    private final LocalCaIssuer localCa = new LocalCaIssuer();

    @TempDir
    Path dir;

    @BeforeEach
    void activate() throws Exception {
        ComponentLifecycle.call(selfSigned, "activate", ComponentLifecycle.config(SelfSignedIssuerConfig.class, Map.of()));
        selfSigned.bindKeyService(keys);
        ComponentLifecycle.call(localCa, "activate", ComponentLifecycle.config(LocalCaIssuerConfig.class, Map.of()));
        localCa.bindKeyService(keys);
        localCa.bindCertificateService(certificates);
    }

    @Test
    void a_server_certificate_from_the_ca_names_it_and_chains_to_it() throws Exception {
        X509Certificate ca = quickstartCa(CA_ID, KeyAlgorithm.EC_P256);

        List<X509Certificate> chain = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(new SubjectAltName(Type.DNS, "gateway.local"), new SubjectAltName(Type.IP, "10.1.2.3")),
                Duration.ofDays(365), null));

        assertEquals(2, chain.size());
        assertEquals(ca, chain.get(1));
        X509Certificate leaf = chain.get(0);
        leaf.verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertArrayEquals(TestCertificates.subjectKeyIdentifier(ca),
                TestCertificates.authorityKeyIdentifier(leaf).getKeyIdentifier(), "AKI = CA's SKI");
        assertNull(TestCertificates.authorityKeyIdentifier(leaf).getAuthorityCertIssuer());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
        assertEquals(List.of(List.of(2, "gateway.local"), List.of(7, "10.1.2.3")),
                List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals(ca.getNotAfter(), leaf.getNotAfter(), "validity capped at the CA's notAfter");
        assertTrue(leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(365))));
    }

    @ParameterizedTest(name = "{0} CA, {1} leaf")
    @CsvSource({"EC_P256, EC_P256", "RSA_2048, RSA_2048", "EC_P256, RSA_2048", "RSA_2048, EC_P256"})
    void openssl_verifies_a_server_certificate_against_the_ca(KeyAlgorithm caKey, KeyAlgorithm leafKey) throws Exception {
        X509Certificate ca = quickstartCa(CA_ID, caKey);

        X509Certificate leaf = localCa.issue(request("edgehub", leafKey, CertificateProfile.SERVER,
                List.of(new SubjectAltName(Type.DNS, "edgehub"), new SubjectAltName(Type.IP, "::1")),
                Duration.ofDays(7), null)).get(0);

        OpenSsl.Result plain = OpenSsl.verify(dir, ca, List.of(), leaf);
        assertTrue(plain.verified(), plain.output());
        OpenSsl.Result asServer = OpenSsl.verify(dir, ca, List.of(), leaf, "-purpose", "sslserver");
        assertTrue(asServer.verified(), asServer.output());
    }

    @Test
    void openssl_verifies_a_client_certificate_for_client_but_not_server_use() throws Exception {
        X509Certificate ca = quickstartCa(CA_ID, KeyAlgorithm.EC_P256);

        X509Certificate leaf = localCa.issue(request("device-id", KeyAlgorithm.EC_P256, CertificateProfile.CLIENT,
                List.of(), Duration.ofDays(7), null)).get(0);

        OpenSsl.Result asClient = OpenSsl.verify(dir, ca, List.of(), leaf, "-purpose", "sslclient");
        assertTrue(asClient.verified(), asClient.output());
        assertFalse(OpenSsl.verify(dir, ca, List.of(), leaf, "-purpose", "sslserver").verified());
    }

    @Test
    void a_root_without_path_length_limit_issues_an_intermediate_that_issues_leaves() throws Exception {
        KeyPair rootPair = keys.generate("root", KeyAlgorithm.EC_P256);
        X509Certificate root = TestCertificates.selfSigned(provider, rootPair, "CN=Test Root", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(365)), List.of(
                        new TestExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
                        new TestExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))));
        certificates.store("root", List.of(root));
        KeyPair intermediatePair = keys.generate(CA_ID, KeyAlgorithm.EC_P256);
        List<X509Certificate> intermediateChain = localCa.issue(new IssuanceRequest(CA_ID, CA_ID,
                TestCsrs.signedBy(provider, intermediatePair, "CN=Test Intermediate"), CertificateProfile.CA, List.of(),
                Duration.ofDays(90), "root"));
        certificates.store(CA_ID, intermediateChain);

        List<X509Certificate> chain = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(new SubjectAltName(Type.DNS, "edgehub")), Duration.ofDays(7), null));

        assertEquals(List.of(chain.get(0), intermediateChain.get(0), root), chain);
        OpenSsl.Result result = OpenSsl.verify(dir, root, List.of(intermediateChain.get(0)), chain.get(0),
                "-purpose", "sslserver");
        assertTrue(result.verified(), result.output());
    }

    @Test
    void an_issuer_that_is_not_a_ca_refuses_to_issue() {
        installRawIssuer(CA_ID, Instant.now().minusSeconds(60), Instant.now().plus(CA_VALIDITY), List.of(
                new TestExtension(Extension.basicConstraints, false, new BasicConstraints(false))));

        assertRefused("issuer '" + CA_ID + "' may not sign certificates: it is not a CA certificate", CertificateProfile.SERVER);
    }

    @Test
    void an_issuer_whose_key_usage_lacks_cert_signing_refuses_to_issue() {
        installRawIssuer(CA_ID, Instant.now().minusSeconds(60), Instant.now().plus(CA_VALIDITY), List.of(
                new TestExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
                new TestExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))));

        assertRefused("issuer '" + CA_ID + "' may not sign certificates: its keyUsage lacks keyCertSign",
                CertificateProfile.SERVER);
    }

    @Test
    void an_issuer_without_key_usage_may_issue() throws Exception {
        X509Certificate ca = installRawIssuer(CA_ID, Instant.now().minusSeconds(60), Instant.now().plus(CA_VALIDITY),
                List.of(new TestExtension(Extension.basicConstraints, true, new BasicConstraints(true))));

        X509Certificate leaf = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(), Duration.ofDays(1), null)).get(0);

        leaf.verify(ca.getPublicKey());
    }

    @Test
    void an_expired_issuer_refuses_to_issue() {
        installRawIssuer(CA_ID, Instant.now().minus(Duration.ofDays(60)), Instant.now().minus(Duration.ofDays(1)), List.of(
                new TestExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
                new TestExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))));

        assertRefused("issuer '" + CA_ID + "' has expired", CertificateProfile.SERVER);
    }

    @Test
    void an_issuer_whose_key_does_not_match_its_certificate_refuses_to_issue() throws Exception {
        quickstartCa(CA_ID, KeyAlgorithm.EC_P256);
        keys.generate(CA_ID, KeyAlgorithm.EC_P256);

        assertRefused("issuer '" + CA_ID + "' has a key that does not match its certificate's public key",
                CertificateProfile.SERVER);
    }

    @Test
    void a_ca_with_pathlen_zero_refuses_to_issue_another_ca() throws Exception {
        quickstartCa(CA_ID, KeyAlgorithm.EC_P256);

        assertRefused("issuer '" + CA_ID + "' may not issue a CA certificate: its pathLenConstraint is 0",
                CertificateProfile.CA);
    }

    @Test
    void an_unknown_issuer_is_named_in_the_error() {
        IssuanceException e = assertThrows(IssuanceException.class, () -> localCa.issue(request("edgehub",
                KeyAlgorithm.EC_P256, CertificateProfile.SERVER, List.of(), Duration.ofDays(1), "nowhere")));

        assertTrue(e.rule().startsWith("issuer 'nowhere' has no usable certificate"), e.rule());
        assertFalse(e.isRetryable());
    }

    @Test
    void a_request_without_issuer_id_uses_the_configured_one_which_changes_in_place() throws Exception {
        X509Certificate first = quickstartCa(CA_ID, KeyAlgorithm.EC_P256);
        X509Certificate second = quickstartCa("other-ca", KeyAlgorithm.EC_P256);

        X509Certificate fromDefault = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(), Duration.ofDays(1), null)).get(0);
        ComponentLifecycle.call(localCa, "modified",
                ComponentLifecycle.config(LocalCaIssuerConfig.class, Map.of("issuer_id", "other-ca")));
        X509Certificate fromConfigured = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(), Duration.ofDays(1), null)).get(0);

        assertEquals(first.getSubjectX500Principal(), fromDefault.getIssuerX500Principal());
        assertEquals(second.getSubjectX500Principal(), fromConfigured.getIssuerX500Principal());
    }

    @Test
    void the_request_issuer_id_wins_over_the_configured_one() throws Exception {
        quickstartCa(CA_ID, KeyAlgorithm.EC_P256);
        X509Certificate other = quickstartCa("other-ca", KeyAlgorithm.EC_P256);

        X509Certificate leaf = localCa.issue(request("edgehub", KeyAlgorithm.EC_P256, CertificateProfile.SERVER,
                List.of(), Duration.ofDays(1), "other-ca")).get(0);

        assertEquals(other.getSubjectX500Principal(), leaf.getIssuerX500Principal());
    }

    @Test
    void a_missing_certificate_service_is_a_retryable_error_after_the_timeout() throws Exception {
        quickstartCa(CA_ID, KeyAlgorithm.EC_P256);
        ComponentLifecycle.call(localCa, "modified",
                ComponentLifecycle.config(LocalCaIssuerConfig.class, Map.of("service_timeout_seconds", 1)));
        localCa.unbindCertificateService(certificates);

        long started = System.nanoTime();
        IssuanceException e = assertThrows(IssuanceException.class, () -> localCa.issue(request("edgehub",
                KeyAlgorithm.EC_P256, CertificateProfile.SERVER, List.of(), Duration.ofDays(1), null)));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(e.isRetryable());
        assertTrue(e.rule().contains("CertificateService"), e.rule());
        assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, "waited " + waited);
    }

    @Test
    void a_malformed_csr_is_refused_before_waiting_for_services() {
        localCa.unbindKeyService(keys);

        IssuanceException e = assertThrows(IssuanceException.class, () -> localCa.issue(new IssuanceRequest("edgehub",
                "edgehub", new byte[] {1, 2, 3}, CertificateProfile.SERVER, List.of(), Duration.ofDays(1), null)));

        assertFalse(e.isRetryable());
    }

    /** Makes a quickstart CA with the self-signed issuer and puts it into the stores. */
    private X509Certificate quickstartCa(String id, KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = keys.generate(id, algorithm);
        List<X509Certificate> chain = selfSigned.issue(new IssuanceRequest(id, id,
                TestCsrs.signedBy(provider, pair, "CN=Test CA " + id), CertificateProfile.CA, List.of(), CA_VALIDITY, null));
        certificates.store(id, chain);
        return chain.get(0);
    }

    private X509Certificate installRawIssuer(String id, Instant notBefore, Instant notAfter,
            List<TestExtension> extensions) {
        KeyPair pair = keys.generate(id, KeyAlgorithm.EC_P256);
        X509Certificate certificate = TestCertificates.selfSigned(provider, pair, "CN=Raw " + id, notBefore, notAfter,
                extensions);
        try {
            certificates.store(id, List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return certificate;
    }

    private IssuanceRequest request(String certId, KeyAlgorithm algorithm, CertificateProfile profile,
            List<SubjectAltName> names, Duration validity, String issuerId) {
        KeyPair pair = keys.generate(certId, algorithm);
        return new IssuanceRequest(certId, certId, TestCsrs.signedBy(provider, pair, "CN=" + certId), profile, names,
                validity, issuerId);
    }

    private void assertRefused(String expectedRule, CertificateProfile profile) {
        IssuanceException e = assertThrows(IssuanceException.class, () -> localCa.issue(request("edgehub",
                KeyAlgorithm.EC_P256, profile, List.of(), Duration.ofDays(1), null)));
        assertTrue(e.rule().startsWith(expectedRule), e.rule());
        assertEquals("edgehub", e.subject());
        assertFalse(e.isRetryable());
    }
}
