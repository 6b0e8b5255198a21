package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.crypto.KeyServiceContentSigner;
import org.junit.jupiter.api.Test;

class CertificateMinterTest {
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09.750Z");
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;

    private final Provider provider = new BouncyCastleProvider();
    private final InMemoryKeyService keys = new InMemoryKeyService(provider);
    private final CertificateMinter minter = new CertificateMinter(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    private final CsrVerifier csrVerifier = new CsrVerifier();

    @Test
    void validity_starts_now_in_whole_seconds_and_lasts_as_requested() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(90));

        assertEquals(Instant.parse("2030-05-06T07:08:09Z"), ca.getNotBefore().toInstant());
        assertEquals(Instant.parse("2030-08-04T07:08:09Z"), ca.getNotAfter().toInstant());
    }

    @Test
    void a_validity_beyond_the_year_9999_ends_at_the_rfc_5280_no_expiration_date() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofSeconds(Long.MAX_VALUE));

        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), ca.getNotAfter().toInstant());
    }

    @Test
    void validity_is_capped_at_the_issuers_not_after() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.EC_P256, CertificateProfile.SERVER, "CN=leaf",
                List.of(), Duration.ofDays(365));

        assertEquals(ca.getNotAfter(), leaf.getNotAfter());
    }

    @Test
    void a_server_certificate_for_an_ec_key_allows_digital_signature_only() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.EC_P256, CertificateProfile.SERVER, "CN=leaf",
                List.of(), Duration.ofDays(1));

        assertKeyUsage(leaf, DIGITAL_SIGNATURE);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
        assertEquals(-1, leaf.getBasicConstraints());
    }

    @Test
    void a_server_certificate_for_an_rsa_key_also_allows_key_encipherment() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.RSA_2048, CertificateProfile.SERVER, "CN=leaf",
                List.of(), Duration.ofDays(1));

        assertKeyUsage(leaf, DIGITAL_SIGNATURE, KEY_ENCIPHERMENT);
    }

    @Test
    void a_client_certificate_allows_digital_signature_and_client_auth_only() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.RSA_2048, CertificateProfile.CLIENT, "CN=device",
                List.of(), Duration.ofDays(1));

        assertKeyUsage(leaf, DIGITAL_SIGNATURE);
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertEquals(Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId(),
                Extension.extendedKeyUsage.getId(), Extension.subjectKeyIdentifier.getId(),
                Extension.authorityKeyIdentifier.getId()), allExtensions(leaf));
        assertEquals(Set.of(Extension.keyUsage.getId()), leaf.getCriticalExtensionOIDs());
    }

    @Test
    void a_ca_certificate_allows_cert_signing_and_digital_signature_with_pathlen_zero() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.RSA_2048, Duration.ofDays(10));

        assertEquals(0, ca.getBasicConstraints());
        assertKeyUsage(ca, DIGITAL_SIGNATURE, KEY_CERT_SIGN);
        assertEquals(Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId()),
                ca.getCriticalExtensionOIDs());
    }

    @Test
    void an_empty_subject_moves_the_names_into_a_critical_subject_alt_name() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.EC_P256, CertificateProfile.SERVER, "",
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, "edgehub")), Duration.ofDays(1));

        assertTrue(leaf.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
    }

    @Test
    void a_named_subject_keeps_the_subject_alt_name_non_critical() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        X509Certificate leaf = issueFrom(ca, "ca", KeyAlgorithm.EC_P256, CertificateProfile.SERVER, "CN=edgehub",
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, "edgehub")), Duration.ofDays(1));

        assertTrue(leaf.getNonCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
    }

    @Test
    void an_empty_subject_without_subject_alt_names_is_refused() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        IssuanceException e = assertThrows(IssuanceException.class, () -> issueFrom(ca, "ca", KeyAlgorithm.EC_P256,
                CertificateProfile.CLIENT, "", List.of(), Duration.ofDays(1)));

        assertTrue(e.rule().contains("subjectAltName"), e.rule());
    }

    @Test
    void a_self_signed_certificate_needs_a_subject_name() {
        KeyPair pair = keys.generate("anonymous", KeyAlgorithm.EC_P256);
        IssuanceRequest request = request("anonymous", TestCsrs.signedBy(provider, pair, ""), CertificateProfile.SERVER,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, "edgehub")), Duration.ofDays(1));

        IssuanceException e = assertThrows(IssuanceException.class, () -> minter.mint(request,
                csrVerifier.verify("anonymous", request.csr()), null, signerFor("anonymous")));

        assertTrue(e.rule().contains("non-empty subject"), e.rule());
    }

    @Test
    void an_issuer_without_subject_key_identifier_gets_one_computed_from_its_key() throws Exception {
        KeyPair caPair = keys.generate("bare-ca", KeyAlgorithm.EC_P256);
        X509Certificate bareCa = TestCertificates.selfSigned(provider, caPair, "CN=Bare CA", NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(1)), List.of());

        X509Certificate leaf = issueFrom(bareCa, "bare-ca", KeyAlgorithm.EC_P256, CertificateProfile.CLIENT, "CN=device",
                List.of(), Duration.ofHours(1));

        byte[] expected = new JcaX509ExtensionUtils()
                .createSubjectKeyIdentifier(caPair.getPublic()).getKeyIdentifier();
        assertArrayEquals(expected, TestCertificates.authorityKeyIdentifier(leaf).getKeyIdentifier());
    }

    @Test
    void a_key_service_error_while_signing_keeps_its_retryability() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));
        KeyException tokenAway = new KeyException("ca", "the token is not present", true, null);
        keys.failSigningWith(tokenAway);

        IssuanceException e = assertThrows(IssuanceException.class, () -> issueFrom(ca, "ca", KeyAlgorithm.EC_P256,
                CertificateProfile.CLIENT, "CN=device", List.of(), Duration.ofDays(1)));

        assertTrue(e.isRetryable());
        assertSame(tokenAway, e.getCause());
    }

    @Test
    void a_key_service_signing_with_another_key_is_caught() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));
        keys.generate("ca", KeyAlgorithm.EC_P256);

        IssuanceException e = assertThrows(IssuanceException.class, () -> issueFrom(ca, "ca", KeyAlgorithm.EC_P256,
                CertificateProfile.CLIENT, "CN=device", List.of(), Duration.ofDays(1)));

        assertFalse(e.isRetryable());
        assertTrue(e.rule().contains("does not verify"), e.rule());
    }

    @Test
    void a_self_signed_certificate_has_no_authority_key_identifier() throws Exception {
        X509Certificate ca = selfSignedCa("ca", KeyAlgorithm.EC_P256, Duration.ofDays(10));

        assertNull(TestCertificates.authorityKeyIdentifier(ca));
        assertEquals(20, TestCertificates.subjectKeyIdentifier(ca).length);
    }

    private X509Certificate selfSignedCa(String id, KeyAlgorithm algorithm, Duration validity) throws Exception {
        KeyPair pair = keys.generate(id, algorithm);
        IssuanceRequest request = request(id, TestCsrs.signedBy(provider, pair, "CN=" + id), CertificateProfile.CA,
                List.of(), validity);
        return minter.mint(request, csrVerifier.verify(id, request.csr()), null, signerFor(id));
    }

    private X509Certificate issueFrom(X509Certificate issuer, String issuerId, KeyAlgorithm subjectAlgorithm,
            CertificateProfile profile, String subject, List<SubjectAltName> names, Duration validity) throws Exception {
        KeyPair pair = InMemoryKeyService.generateKeyPair(provider, subjectAlgorithm);
        IssuanceRequest request = request("leaf", TestCsrs.signedBy(provider, pair, subject), profile, names, validity);
        return minter.mint(request, csrVerifier.verify("leaf", request.csr()), issuer, signerFor(issuerId));
    }

    private KeyServiceContentSigner signerFor(String keyId) throws KeyException {
        return new KeyServiceContentSigner(keys, keys.get(keyId));
    }

    private static IssuanceRequest request(String certId, byte[] csr, CertificateProfile profile,
            List<SubjectAltName> names, Duration validity) {
        return new IssuanceRequest(certId, certId, csr, profile, names, validity, null);
    }

    private static void assertKeyUsage(X509Certificate certificate, int... expectedBits) {
        boolean[] expected = new boolean[9];
        for (int bit : expectedBits) {
            expected[bit] = true;
        }
        boolean[] actual = Arrays.copyOf(certificate.getKeyUsage(), 9);
        assertArrayEquals(expected, actual);
    }

    private static Set<String> allExtensions(X509Certificate certificate) {
        Set<String> all = new HashSet<>(certificate.getCriticalExtensionOIDs());
        all.addAll(certificate.getNonCriticalExtensionOIDs());
        return all;
    }
}
