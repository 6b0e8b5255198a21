package org.edgepki.common.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.StoredCertificate;
import org.junit.jupiter.api.Test;

/** What an operator is told about a module certificate after the Edge CA changed. */
class ManagedCertificateTest {
    private static final String EDGE_HUB = CredentialIds.moduleServer("edgeHub");

    @Test
    void a_module_certificate_says_whether_the_current_edge_ca_or_a_previous_one_issued_it() throws Exception {
        KeyPair oldKey = ec();
        KeyPair newKey = ec();
        X509Certificate oldCa = certificate("CN=gw1 Edge CA 1", oldKey, "CN=gw1 Edge CA 1", oldKey, true);
        X509Certificate newCa = certificate("CN=gw1 Edge CA 2", newKey, "CN=gw1 Edge CA 2", newKey, true);
        ManagedCertificate edgeCa = entry(CredentialIds.EDGE_CA, newCa);
        ManagedCertificate fromNew = entry(EDGE_HUB, certificate("CN=gw1", ec(), "CN=gw1 Edge CA 2", newKey, false));
        ManagedCertificate fromOld = entry(EDGE_HUB, certificate("CN=gw1", ec(), "CN=gw1 Edge CA 1", oldKey, false));

        assertEquals(Optional.of("current"), fromNew.edgeCaGeneration(List.of(edgeCa, fromNew)));
        assertEquals(Optional.of("previous (gw1 Edge CA 1)"), fromOld.edgeCaGeneration(List.of(edgeCa, fromOld)));
        assertEquals(Optional.empty(), edgeCa.edgeCaGeneration(List.of(edgeCa)), "only module certificates have one");
        assertEquals(Optional.empty(), fromNew.edgeCaGeneration(List.of(fromNew)), "none without an Edge CA");
        assertEquals(Optional.empty(), entry(CredentialIds.DEVICE_ID, certificate("CN=gw1", ec(), "CN=gw1 Edge CA 1",
                oldKey, false)).edgeCaGeneration(List.of(edgeCa)));
        assertEquals(oldCa.getSubjectX500Principal(), fromOld.leaf().orElseThrow().getIssuerX500Principal());
    }

    private static ManagedCertificate entry(String id, X509Certificate leaf) {
        return new ManagedCertificate(id, Optional.of(new StoredCertificate(id, URI.create("memory:" + id), List.of(leaf),
                false, "", "")), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
