package org.edgepki.tools.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File modes, PEM formats, and never replacing a key unasked. */
class DemoPkiFilesTest {
    private static final DemoName DEVICE = new DemoName("gw1");

    @TempDir
    Path directory;

    private DemoPki pki(DemoOptions options) {
        return new DemoPki(directory, options, Clock.systemUTC(), new SecureRandom(), new BouncyCastleProvider());
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void private_keys_are_0600_in_a_0700_private_directory() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        DemoLayout layout = pki.layout();
        assertEquals("rwx------", mode(layout.privateDirectory()));
        for (Path key : List.of(layout.rootKey(), layout.intermediateKey(), layout.edgeCaKey(DEVICE),
                layout.deviceKey(DEVICE))) {
            assertEquals("rw-------", mode(key), key.toString());
        }
    }

    @Test
    void certificates_are_0644_in_a_0755_certs_directory() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        DemoLayout layout = pki.layout();
        assertEquals("rwxr-xr-x", mode(layout.certsDirectory()));
        try (Stream<Path> certificates = Files.list(layout.certsDirectory())) {
            List<Path> files = certificates.toList();
            assertEquals(7, files.size(), files.toString());
            for (Path certificate : files) {
                assertEquals("rw-r--r--", mode(certificate), certificate.toString());
            }
        }
    }

    @Test
    void an_existing_working_directory_keeps_its_mode_and_no_temporary_files_remain() throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
        pki(DemoOptions.defaults()).all(DEVICE);
        assertEquals("rwxr-x---", mode(directory));
        try (Stream<Path> files = Files.walk(directory)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void a_missing_working_directory_is_created_with_its_parents() throws Exception {
        Path nested = directory.resolve("a/b/demo");
        new DemoPki(nested, DemoOptions.defaults(), Clock.systemUTC(), new SecureRandom(),
                new BouncyCastleProvider()).root();
        assertTrue(Files.isRegularFile(nested.resolve("certs/azure-iot-test-only.root.ca.cert.pem")));
        assertEquals("rwx------", mode(nested.resolve("private")));
    }

    @Test
    void keys_are_unencrypted_pkcs8_and_certificate_files_hold_only_certificates() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults().withKeyType(DemoKeyType.RSA_2048));
        pki.root();
        String key = Files.readString(pki.layout().rootKey());
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----\n"), key);
        String certificate = Files.readString(pki.layout().rootCertificate());
        assertTrue(certificate.startsWith("-----BEGIN CERTIFICATE-----\n"), certificate);
        assertFalse(certificate.contains("PRIVATE KEY"));
    }

    @Test
    void refuses_to_overwrite_an_existing_root_key() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.root();
        byte[] key = Files.readAllBytes(pki.layout().rootKey());
        byte[] certificate = Files.readAllBytes(pki.layout().rootCertificate());

        DemoPkiException refusal = assertThrows(DemoPkiException.class, pki::root);

        assertTrue(refusal.getMessage().contains(pki.layout().rootKey().toString()), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("--force"), refusal.getMessage());
        assertArrayEquals(key, Files.readAllBytes(pki.layout().rootKey()));
        assertArrayEquals(certificate, Files.readAllBytes(pki.layout().rootCertificate()));
    }

    @Test
    void refuses_to_overwrite_an_edge_ca_key_even_when_its_certificate_is_gone() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        pki.all(DEVICE);
        Files.delete(pki.layout().edgeCaCertificate(DEVICE));
        assertThrows(DemoPkiException.class, () -> pki.edgeCa(DEVICE));
    }

    @Test
    void force_replaces_the_root_key() throws Exception {
        pki(DemoOptions.defaults()).root();
        DemoPki forced = pki(DemoOptions.defaults().withForce(true));
        byte[] before = Files.readAllBytes(forced.layout().rootKey());
        forced.root();
        assertFalse(Arrays.equals(before, Files.readAllBytes(forced.layout().rootKey())));
        assertEquals("rw-------", mode(forced.layout().rootKey()));
    }

    @Test
    void all_refuses_before_writing_anything_when_any_key_exists() throws Exception {
        DemoPki pki = pki(DemoOptions.defaults());
        DemoLayout layout = pki.layout();
        Files.createDirectories(layout.privateDirectory());
        Files.writeString(layout.deviceKey(DEVICE), "someone else's key");

        DemoPkiException refusal = assertThrows(DemoPkiException.class, () -> pki.all(DEVICE));

        assertTrue(refusal.getMessage().contains(layout.deviceKey(DEVICE).toString()), refusal.getMessage());
        assertFalse(Files.exists(layout.rootKey()));
        assertFalse(Files.exists(layout.certsDirectory()));
        assertEquals("someone else's key", Files.readString(layout.deviceKey(DEVICE)));
    }

    @Test
    void steps_run_one_by_one_sign_with_the_files_of_earlier_steps() throws Exception {
        pki(DemoOptions.defaults()).root();
        pki(DemoOptions.defaults()).intermediate();
        DemoPki edgeCaStep = pki(DemoOptions.defaults());
        List<WrittenFile> written = edgeCaStep.edgeCa(DEVICE);
        DemoLayout layout = edgeCaStep.layout();
        assertEquals(List.of(layout.edgeCaKey(DEVICE), layout.edgeCaCertificate(DEVICE), layout.edgeCaChain(DEVICE)),
                written.stream().map(WrittenFile::path).toList());
        assertEquals(0, Openssl.verify(layout, layout.edgeCaChain(DEVICE)).exitCode());
    }
}
