package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.common.crypto.KeyServiceContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates living past 2038 and 2050 (issue 18, item 5): RFC 5280 4.1.2.5 encodes a time up to 2049 as
 * UTCTime and from 2050 on as GeneralizedTime, which IoT Edge 1.1 got wrong. Judged by Bouncy Castle's ASN.1 and
 * by openssl, each on a fixed clock.
 */
class FarFutureValidityTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant EDGE_CA_END = Instant.parse("2060-01-01T00:00:00Z");

    private final Provider provider = new BouncyCastleProvider();
    private final InMemoryKeyService keys = new InMemoryKeyService(provider);
    private final CsrVerifier csrVerifier = new CsrVerifier();

    @TempDir
    Path dir;

    @Test
    void a_quickstart_edge_ca_of_10000_days_ends_in_2054_as_generalized_time_and_starts_as_utc_time() throws Exception {
        X509Certificate ca = selfSignedCa(NOW, Duration.ofDays(10000));

        assertEquals(Instant.parse("2054-04-18T10:00:00Z"), ca.getNotAfter().toInstant());
        assertEquals(new ASN1UTCTime("261201100000Z"), notBefore(ca));
        assertEquals(new ASN1GeneralizedTime("20540418100000Z"), notAfter(ca));
        OpenSsl.Result dates = OpenSsl.run("x509", "-noout", "-enddate", "-in",
                OpenSsl.writePem(dir, "ca.pem", List.of(ca)).toString());
        assertEquals("notAfter=Apr 18 10:00:00 2054 GMT", dates.output().strip());
    }

    @Test
    void a_not_after_in_2049_is_utc_time_and_one_second_later_in_2050_generalized_time() throws Exception {
        Instant lastUtcTime = Instant.parse("2049-12-31T23:59:59Z");

        X509Certificate in2049 = selfSignedCa(NOW, Duration.between(NOW, lastUtcTime));
        X509Certificate in2050 = selfSignedCa(NOW, Duration.between(NOW, lastUtcTime.plusSeconds(1)));

        assertEquals(lastUtcTime, in2049.getNotAfter().toInstant());
        assertEquals(new ASN1UTCTime("491231235959Z"), notAfter(in2049));
        assertEquals(lastUtcTime.plusSeconds(1), in2050.getNotAfter().toInstant());
        assertEquals(new ASN1GeneralizedTime("20500101000000Z"), notAfter(in2050));
        assertTrue(asn1(in2049).contains("UTCTIME           :491231235959Z"), asn1(in2049));
        assertTrue(asn1(in2050).contains("GENERALIZEDTIME   :20500101000000Z"), asn1(in2050));
    }

    @Test
    void a_module_certificate_capped_at_an_edge_ca_ending_in_2060_ends_then_as_generalized_time_and_verifies()
            throws Exception {
        X509Certificate ca = selfSignedCa(NOW, Duration.between(NOW, EDGE_CA_END));

        X509Certificate leaf = serverCertificate(NOW, ca, Duration.ofDays(36500));

        assertEquals(EDGE_CA_END, leaf.getNotAfter().toInstant());
        assertEquals(new ASN1GeneralizedTime("20600101000000Z"), notAfter(leaf));
        OpenSsl.Result verify = OpenSsl.verify(dir, ca, List.of(), leaf, "-purpose", "sslserver", "-verify_hostname",
                "gw.example", "-attime", String.valueOf(NOW.plus(Duration.ofDays(1)).getEpochSecond()));
        assertTrue(verify.verified(), verify.output());
        OpenSsl.Result late = OpenSsl.verify(dir, ca, List.of(), leaf, "-attime",
                String.valueOf(Instant.parse("2059-12-31T23:59:00Z").getEpochSecond()));
        assertTrue(late.verified(), "openssl reads the 2060 notAfter as 2060, not 1960: " + late.output());
    }

    @Test
    void a_module_certificate_issued_in_2049_whose_lifetime_crosses_2050_mixes_both_encodings() throws Exception {
        Instant late2049 = Instant.parse("2049-12-20T12:00:00Z");
        X509Certificate ca = selfSignedCa(NOW, Duration.between(NOW, EDGE_CA_END));

        X509Certificate leaf = serverCertificate(late2049, ca, Duration.ofDays(30));

        assertEquals(Instant.parse("2050-01-19T12:00:00Z"), leaf.getNotAfter().toInstant());
        assertEquals(new ASN1UTCTime("491220120000Z"), notBefore(leaf));
        assertEquals(new ASN1GeneralizedTime("20500119120000Z"), notAfter(leaf));
        OpenSsl.Result verify = OpenSsl.verify(dir, ca, List.of(), leaf, "-purpose", "sslserver", "-attime",
                String.valueOf(Instant.parse("2050-01-10T00:00:00Z").getEpochSecond()));
        assertTrue(verify.verified(), verify.output());
    }

    private X509Certificate selfSignedCa(Instant now, Duration validity) throws Exception {
        KeyPair pair = keys.generate("ca", KeyAlgorithm.EC_P256);
        IssuanceRequest request = new IssuanceRequest("ca", "ca", TestCsrs.signedBy(provider, pair, "CN=far CA"),
                CertificateProfile.CA, List.of(), validity, null);
        return minterAt(now).mint(request, csrVerifier.verify("ca", request.csr()), null, signer("ca"));
    }

    private X509Certificate serverCertificate(Instant now, X509Certificate ca, Duration validity) throws Exception {
        KeyPair pair = InMemoryKeyService.generateKeyPair(provider, KeyAlgorithm.EC_P256);
        IssuanceRequest request = new IssuanceRequest("leaf", "ca", TestCsrs.signedBy(provider, pair, "CN=gw.example"),
                CertificateProfile.SERVER, List.of(new SubjectAltName(SubjectAltName.Type.DNS, "gw.example")),
                validity, null);
        return minterAt(now).mint(request, csrVerifier.verify("leaf", request.csr()), ca, signer("ca"));
    }

    private CertificateMinter minterAt(Instant now) {
        return new CertificateMinter(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }

    private KeyServiceContentSigner signer(String keyId) throws Exception {
        return new KeyServiceContentSigner(keys, keys.get(keyId));
    }

    private String asn1(X509Certificate certificate) throws Exception {
        Path der = Files.write(dir.resolve("certificate.der"), certificate.getEncoded());
        return OpenSsl.run("asn1parse", "-inform", "DER", "-in", der.toString()).output();
    }

    private static ASN1Primitive notBefore(X509Certificate certificate) throws Exception {
        return TBSCertificate.getInstance(certificate.getTBSCertificate()).getStartDate().toASN1Primitive();
    }

    private static ASN1Primitive notAfter(X509Certificate certificate) throws Exception {
        return TBSCertificate.getInstance(certificate.getTBSCertificate()).getEndDate().toASN1Primitive();
    }
}
