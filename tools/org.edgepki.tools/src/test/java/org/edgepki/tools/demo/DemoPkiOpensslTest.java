package org.edgepki.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo PKI as openssl sees it, for each key type. */
class DemoPkiOpensslTest {
    private static final DemoName DEVICE = new DemoName("gw1");
    private static final DemoName CODE = new DemoName("0A1B2C3D4E5F60718293A4B5C6D7E8F9");

    @TempDir
    Path directory;

    private DemoPki pki(DemoOptions options) {
        return new DemoPki(directory, options, Clock.systemUTC(), new SecureRandom(), new BouncyCastleProvider());
    }

    private DemoLayout allFor(DemoKeyType keyType) throws Exception {
        DemoPki pki = pki(DemoOptions.defaults().withKeyType(keyType));
        pki.all(DEVICE);
        return pki.layout();
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void edge_ca_chain_is_accepted_by_openssl_verify(DemoKeyType keyType) throws Exception {
        DemoLayout layout = allFor(keyType);
        Openssl.Result result = Openssl.verify(layout, layout.edgeCaCertificate(DEVICE));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains(": OK"), result.output());
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void device_identity_chain_is_accepted_by_openssl_verify(DemoKeyType keyType) throws Exception {
        DemoLayout layout = allFor(keyType);
        Openssl.Result result = Openssl.verify(layout, layout.deviceCertificate(DEVICE));
        assertEquals(0, result.exitCode(), result.output());
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void full_chain_files_verify_as_leaf_intermediate_root(DemoKeyType keyType) throws Exception {
        DemoLayout layout = allFor(keyType);
        for (Path[] chainAndLeaf : List.of(new Path[] {layout.edgeCaChain(DEVICE), Path.of("gw1.ca")},
                new Path[] {layout.deviceChain(DEVICE), Path.of("gw1")})) {
            Path chain = chainAndLeaf[0];
            // -untrusted takes the whole chain file; openssl verify checks its first certificate.
            Openssl.Result result = Openssl.run(directory, "verify", "-CAfile", layout.rootCertificate().toString(),
                    "-untrusted", chain.toString(), chain.toString());
            assertEquals(0, result.exitCode(), result.output());
            String printed = Openssl.run(directory, "storeutl", "-noout", "-certs", "-text", chain.toString())
                    .output();
            assertEquals(3, count(printed, "Subject: "), printed);
            int leaf = printed.indexOf("Subject: CN=" + chainAndLeaf[1] + "\n");
            int intermediate = printed.indexOf("Subject: CN=" + DemoPki.INTERMEDIATE_COMMON_NAME);
            int root = printed.indexOf("Subject: CN=" + DemoPki.ROOT_COMMON_NAME);
            assertTrue(leaf >= 0 && leaf < intermediate && intermediate < root, printed);
        }
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void verification_certificate_signed_by_root_is_accepted_by_openssl_verify(DemoKeyType keyType)
            throws Exception {
        DemoLayout layout = allFor(keyType);
        pki(DemoOptions.defaults().withKeyType(keyType)).verification(CODE);
        Path certificate = layout.verificationCertificate(CODE);
        assertEquals(0, Openssl.verify(layout, certificate).exitCode());
        String text = Openssl.text(layout, certificate);
        assertTrue(text.contains("Subject: CN = " + CODE.value()), text);
        assertTrue(text.contains("Issuer: CN = " + DemoPki.ROOT_COMMON_NAME), text);
        assertTrue(text.contains("CA:FALSE"), text);
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void verification_certificate_signed_by_intermediate_is_accepted_by_openssl_verify(DemoKeyType keyType)
            throws Exception {
        DemoLayout layout = allFor(keyType);
        pki(DemoOptions.defaults().withKeyType(keyType)
                .withVerificationSigner(DemoOptions.VerificationSigner.INTERMEDIATE)).verification(CODE);
        Path certificate = layout.verificationCertificate(CODE);
        assertEquals(0, Openssl.verify(layout, certificate).exitCode());
        assertTrue(Openssl.text(layout, certificate).contains("Issuer: CN = " + DemoPki.INTERMEDIATE_COMMON_NAME));
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void openssl_shows_the_ca_flags_and_path_lengths(DemoKeyType keyType) throws Exception {
        DemoLayout layout = allFor(keyType);
        String root = Openssl.text(layout, layout.rootCertificate());
        assertTrue(root.contains("X509v3 Basic Constraints: critical"), root);
        assertTrue(root.matches("(?s).*CA:TRUE\\s*\\n.*"), root);
        assertTrue(root.contains("Certificate Sign, CRL Sign"), root);
        assertTrue(root.contains("Issuer: CN = " + DemoPki.ROOT_COMMON_NAME), root);

        String intermediate = Openssl.text(layout, layout.intermediateCertificate());
        assertTrue(intermediate.contains("CA:TRUE, pathlen:1"), intermediate);
        assertTrue(intermediate.contains("Certificate Sign, CRL Sign"), intermediate);

        String edgeCa = Openssl.text(layout, layout.edgeCaCertificate(DEVICE));
        assertTrue(edgeCa.contains("X509v3 Basic Constraints: critical"), edgeCa);
        assertTrue(edgeCa.contains("CA:TRUE, pathlen:0"), edgeCa);
        assertTrue(edgeCa.contains("Digital Signature, Certificate Sign"), edgeCa);
        assertTrue(edgeCa.contains("Subject: CN = gw1.ca"), edgeCa);

        String device = Openssl.text(layout, layout.deviceCertificate(DEVICE));
        assertTrue(device.contains("CA:FALSE"), device);
        assertTrue(device.contains("TLS Web Client Authentication"), device);
        assertTrue(device.contains("Subject: CN = gw1\n"), device);

        for (String text : List.of(root, intermediate, edgeCa, device)) {
            assertTrue(text.contains("X509v3 Subject Key Identifier"), text);
            assertTrue(text.contains("X509v3 Authority Key Identifier"), text);
            assertTrue(text.contains(keyType == DemoKeyType.RSA_2048 ? "sha256WithRSAEncryption" : "ecdsa-with-SHA256"),
                    text);
            assertTrue(text.contains(keyType == DemoKeyType.RSA_2048 ? "(2048 bit)" : "NIST CURVE: P-256"), text);
        }
    }

    @ParameterizedTest
    @EnumSource(DemoKeyType.class)
    void every_private_key_matches_its_certificate_according_to_openssl(DemoKeyType keyType) throws Exception {
        DemoLayout layout = allFor(keyType);
        pki(DemoOptions.defaults().withKeyType(keyType)).verification(CODE);
        List<Path[]> pairs = List.of(
                new Path[] {layout.rootKey(), layout.rootCertificate()},
                new Path[] {layout.intermediateKey(), layout.intermediateCertificate()},
                new Path[] {layout.edgeCaKey(DEVICE), layout.edgeCaCertificate(DEVICE)},
                new Path[] {layout.deviceKey(DEVICE), layout.deviceCertificate(DEVICE)},
                new Path[] {layout.verificationKey(CODE), layout.verificationCertificate(CODE)});
        for (Path[] pair : pairs) {
            assertEquals(Openssl.publicKeyOfCertificate(pair[1]), Openssl.publicKeyOfKey(pair[0]),
                    pair[0] + " vs " + pair[1]);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
