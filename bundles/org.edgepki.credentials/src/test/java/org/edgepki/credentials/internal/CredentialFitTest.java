package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.junit.jupiter.api.Test;

/** When a stored certificate may stay a credential's, and when a manual one may be used. */
class CredentialFitTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final KeyPair key = InMemoryCredentials.newKey();
    private final X509Certificate ca = InMemoryCredentials.selfSigned(key, "CN=edge ca", NOW.minusSeconds(60),
            NOW.minusSeconds(60).plus(Duration.ofDays(90)));

    private static ManagedCredential settings(String method, String subject, int days,
            Optional<CertificateProfile> profile) {
        return new ManagedCredential("aziot-edged-ca", method, List.of(subject), Duration.ofDays(days),
                Optional.empty(), true, true, RenewalTime.percent(80), RenewalTime.percent(4), profile,
                ManagedCredential.CA_KEY, IssuerEndpoint.NONE);
    }

    private Optional<String> reason(ManagedCredential settings) {
        return CredentialFit.replacementReason(ca, Optional.of(key.getPublic()), settings);
    }

    @Test
    void a_certificate_that_is_what_its_settings_ask_for_stays() {
        assertEquals(Optional.empty(), reason(settings("self_signed", "CN=edge ca", 90,
                Optional.of(CertificateProfile.CA))));
    }

    @Test
    void a_missing_or_other_key_replaces_it_whatever_the_settings() {
        ManagedCredential module = settings("local_ca", "CN=x", 1, Optional.empty());
        assertEquals(Optional.of("there is no key for it"),
                CredentialFit.replacementReason(ca, Optional.empty(), module));
        assertEquals(Optional.of("its key does not match the certificate"),
                CredentialFit.replacementReason(ca, Optional.of(InMemoryCredentials.newKey().getPublic()), module));
        assertEquals(Optional.empty(), reason(module), "a module certificate's settings are its own certificate's");
    }

    @Test
    void a_new_method_subject_or_lifetime_replaces_it() {
        Optional<CertificateProfile> asCa = Optional.of(CertificateProfile.CA);
        assertTrue(reason(settings("local_ca", "CN=edge ca", 90, asCa)).orElseThrow().contains("self-signed"));
        assertTrue(reason(settings("self_signed", "CN=other", 90, asCa)).orElseThrow().contains("subject"));
        assertTrue(reason(settings("self_signed", "CN=edge ca", 30, asCa)).orElseThrow().contains("lifetime"));
    }

    @Test
    void an_est_server_decides_subject_and_lifetime_but_not_the_method() throws Exception {
        KeyPair leafKey = InMemoryCredentials.newKey();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, BigInteger.TEN,
                Date.from(NOW.minusSeconds(60)), Date.from(NOW.plus(Duration.ofDays(365))),
                new X500Name("CN=renamed by the server"), leafKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        X509Certificate issued = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        Optional<CertificateProfile> asCa = Optional.of(CertificateProfile.CA);

        assertEquals(Optional.empty(), CredentialFit.replacementReason(issued, Optional.of(leafKey.getPublic()),
                settings("est", "CN=edge ca", 90, asCa)), "another subject and a year: the server's choice");
        assertTrue(CredentialFit.replacementReason(issued, Optional.of(leafKey.getPublic()),
                settings("local_ca", "CN=edge ca", 90, asCa)).orElseThrow().contains("subject"),
                "a local CA issues what is asked");
        assertTrue(reason(settings("est", "CN=edge ca", 90, asCa)).orElseThrow().contains("self-signed"),
                "a self-signed certificate is not what an EST server issues");
    }

    @Test
    void manual_files_must_match_their_key_and_be_valid_now() {
        ManagedCredential manual = settings(ManagedCredential.MANUAL, "CN=ignored", 90,
                Optional.of(CertificateProfile.CA));
        assertEquals(List.of(), CredentialFit.manualProblems(List.of(ca), Optional.of(key.getPublic()), manual, NOW));
        assertEquals(List.of("its private key is missing"), CredentialFit.manualProblems(List.of(ca), Optional.empty(), manual,
                NOW));
        assertTrue(CredentialFit.manualProblems(List.of(ca), Optional.of(key.getPublic()), manual, NOW.plus(Duration.ofDays(91)))
                .get(0).startsWith("it expired on"));
        assertTrue(CredentialFit.manualProblems(List.of(ca), Optional.of(key.getPublic()), manual, NOW.minus(Duration.ofDays(1)))
                .get(0).startsWith("it is not valid before"));
    }
}
