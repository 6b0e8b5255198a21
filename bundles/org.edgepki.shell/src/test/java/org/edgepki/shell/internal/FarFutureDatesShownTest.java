package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.common.inventory.ManagedCertificate;
import org.junit.jupiter.api.Test;

/**
 * {@code edgepki:certs} and {@code edgepki:cert} show dates past 2038 and 2050 as they are (issue 18, item 5): an
 * identity certificate valid until 2055, whose notAfter is a GeneralizedTime, and a renewal planned in 2048.
 */
class FarFutureDatesShownTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2055-06-30T12:00:00Z");
    private static final Instant NEXT_RENEWAL = Instant.parse("2048-10-26T10:00:00Z");

    private final ManagedCertificate identity = identity();

    @Test
    void the_table_shows_the_2055_not_after_the_days_left_and_the_2048_renewal() {
        String table = CertificateTable.render(List.of(identity), NOW);

        String row = table.lines().filter(line -> line.startsWith(CredentialIds.DEVICE_ID)).findFirst().orElseThrow();
        assertEquals(List.of("device-id", "far-device", "2026-11-30", "10:00Z", "2055-06-30", "12:00Z", "10438",
                "manual", "-", "2048-10-26", "10:00Z", "ok"), List.of(row.split(" +")), table);
    }

    @Test
    void the_description_shows_the_2055_not_after_to_the_second() {
        String described = ChainDescription.render(identity, NOW);

        assertTrue(described.contains("\n  not after:   2055-06-30T12:00:00Z\n"), described);
        assertTrue(described.contains("\n  not before:  2026-11-30T10:00:00Z\n"), described);
        assertTrue(described.contains("next renewal:  2048-10-26 10:00Z\n"), described);
    }

    private static ManagedCertificate identity() {
        X509Certificate leaf = certificate("CN=far-device", Instant.parse("2026-11-30T10:00:00Z"), NOT_AFTER);
        StoredCertificate stored = new StoredCertificate(CredentialIds.DEVICE_ID,
                URI.create("file:///etc/aziot/device-id.pem"), List.of(leaf), true, "ab".repeat(32), "cd".repeat(20));
        CredentialStatus status = new CredentialStatus(CredentialIds.DEVICE_ID, "manual", Optional.of(NOT_AFTER),
                Optional.of(NEXT_RENEWAL), Optional.empty(), Optional.empty(), false, Optional.empty(), "manual");
        return new ManagedCertificate(CredentialIds.DEVICE_ID, Optional.of(stored), Optional.empty(),
                Optional.of(status), Optional.empty());
    }

    private static X509Certificate certificate(String subject, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair key = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), name, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
