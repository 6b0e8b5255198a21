package org.edgepki.console.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.common.inventory.ManagedCertificate;
import org.junit.jupiter.api.Test;

class ExpiryTimelineTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void bars_are_coloured_by_expiry_renewals_are_marked_and_ids_are_escaped() throws Exception {
        ManagedCertificate valid = certificate("aziot-edged-ca", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)),
                Optional.of(NOW.plus(Duration.ofDays(60))));
        ManagedCertificate soon = certificate("<script>", NOW.minus(Duration.ofDays(25)), NOW.plus(Duration.ofDays(5)),
                Optional.empty());
        ManagedCertificate expired = certificate("device-id", NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(1)),
                Optional.empty());
        String svg = ExpiryTimeline.svg(List.of(valid, soon, expired), NOW);

        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(svg.contains("fill=\"#27ae60\"><title>aziot-edged-ca: "), svg);
        assertTrue(svg.contains("fill=\"#e67e22\"><title>&lt;script&gt;: "), svg);
        assertTrue(svg.contains("fill=\"#c0392b\"><title>device-id: "), svg);
        assertTrue(svg.contains("<title>aziot-edged-ca: renewal due 2027-01-30T00:00:00Z</title>"), svg);
        assertTrue(!svg.contains("<script>"), svg);
        assertTrue(ExpiryTimeline.svg(List.of(), NOW).contains("No certificates yet"));
    }

    /** Past 2038 and 2050 (issue 18, item 5): the bars are cut at two years ahead, the titles keep the real dates. */
    @Test
    void certificates_ending_in_2055_and_2060_are_cut_at_two_years_ahead_and_titled_with_their_dates()
            throws Exception {
        Instant edgeCaEnd = Instant.parse("2060-01-01T00:00:00Z");
        ManagedCertificate edgeCa = certificate("aziot-edged-ca", NOW.minus(Duration.ofDays(1)), edgeCaEnd,
                Optional.of(Instant.parse("2053-05-02T00:00:00Z")));
        ManagedCertificate identity = certificate("device-id", NOW.minus(Duration.ofDays(1)),
                Instant.parse("2055-06-30T12:00:00Z"), Optional.empty());

        String svg = ExpiryTimeline.svg(List.of(edgeCa, identity), NOW);

        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(svg.contains("<title>aziot-edged-ca: 2026-11-30T00:00:00Z to 2060-01-01T00:00:00Z</title>"), svg);
        assertTrue(svg.contains("<title>device-id: 2026-11-30T00:00:00Z to 2055-06-30T12:00:00Z</title>"), svg);
        assertEquals(2, svg.split("width=\"640\" height=\"14\" rx=\"3\" fill=\"#27ae60\"", -1).length - 1,
                "both bars reach the end of the two-year axis, green: " + svg);
        assertFalse(svg.contains("renewal due"), "a renewal in 2053 is off the axis: " + svg);
        assertTrue(svg.contains(">Sep 2028</text>") && !svg.contains(">Dec 2028</text>"), svg);
        assertFalse(svg.contains("=\"-"), "no negative coordinate: " + svg);
    }

    private static ManagedCertificate certificate(String id, Instant notBefore, Instant notAfter, Optional<Instant> next)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair key = generator.generateKeyPair();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=t"), BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), new X500Name("CN=t"),
                key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        StoredCertificate stored = new StoredCertificate(id, URI.create("file:///x"), List.of(cert), false, "", "");
        Optional<CredentialStatus> renewal = next.map(at -> new CredentialStatus(id, "self_signed", Optional.of(notAfter),
                Optional.of(at), Optional.empty(), Optional.empty(), true, Optional.empty(), "renew at 80%"));
        return new ManagedCertificate(id, Optional.of(stored), Optional.empty(), renewal, Optional.empty());
    }
}
