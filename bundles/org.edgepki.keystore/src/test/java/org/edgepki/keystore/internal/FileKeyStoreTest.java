package org.edgepki.keystore.internal;

import static org.edgepki.keystore.internal.TestKeys.assertRule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.stream.Stream;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.SignatureAlgorithms;
import org.edgepki.common.files.StoreFileName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileKeyStoreTest {
    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;
    Path keys;
    FileKeyStore store;

    @BeforeEach
    void createStore() {
        keys = temp.resolve("home/keyd/keys");
        store = new FileKeyStore(keys);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void every_algorithm_is_generated_reloaded_after_a_restart_and_signs_verifiably(KeyAlgorithm algorithm)
            throws Exception {
        URI location = location("key-" + algorithm);
        KeyPairInfo generated = store.generate("key-" + algorithm, location, algorithm);

        FileKeyStore restarted = new FileKeyStore(keys);
        KeyPairInfo reloaded = restarted.find("key-" + algorithm, location).orElseThrow();
        String signatureAlgorithm = SignatureAlgorithms.forKey(algorithm);
        byte[] signature = restarted.sign("key-" + algorithm, location, signatureAlgorithm, DATA);

        assertEquals(algorithm, generated.algorithm());
        assertEquals(algorithm, reloaded.algorithm());
        assertEquals(generated.publicKey(), reloaded.publicKey());
        assertEquals(location, reloaded.location());
        assertTrue(TestKeys.verifies(reloaded.publicKey(), signatureAlgorithm, DATA, signature));
    }

    @Test
    void a_key_that_cannot_be_written_is_a_retryable_failure() throws Exception {
        // The key directory's place is taken by a file (as a full disk or a read-only remount, this is an I/O
        // failure that the operator can clear): the attempt fails, and is tried again.
        Files.createDirectories(keys.getParent());
        Files.writeString(keys, "not a directory");
        KeyException e = assertThrows(KeyException.class,
                () -> store.generate("aziot-edged-ca", location("aziot-edged-ca"), KeyAlgorithm.EC_P256));
        assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
        assertTrue(e.isRetryable(), "I/O failures may pass: " + e.getMessage());
    }

    @Test
    void a_key_file_is_pkcs8_pem_with_mode_0600_in_a_0700_directory() throws Exception {
        URI location = location("aziot-edged-ca");
        store.generate("aziot-edged-ca", location, KeyAlgorithm.EC_P256);

        Path file = Path.of(location);
        String pem = Files.readString(file);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.substring(0, 30));
        assertTrue(pem.endsWith("-----END PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    }

    @Test
    void the_base_location_is_the_aziot_file_name_under_keyd_keys() {
        URI location = store.baseLocation("aziot-edged/module/edgeHub:server").orElseThrow();

        assertEquals(keys.toAbsolutePath().resolve(StoreFileName.of("aziot-edged/module/edgeHub:server", ".key")),
                Path.of(location));
        assertTrue(Path.of(location).getFileName().toString().startsWith("aziotedgedmoduleedgeHubserver-"));
    }

    @Test
    void a_missing_key_is_not_found() throws KeyException {
        assertTrue(store.find("absent", location("absent")).isEmpty());
        assertTrue(store.find("absent", temp.resolve("no/such/dir/k.pem").toUri()).isEmpty());
    }

    @Test
    void signing_with_a_missing_key_names_the_file() {
        URI location = location("absent");

        KeyException e = assertThrows(KeyException.class,
                () -> store.sign("absent", location, "SHA256withECDSA", DATA));

        assertRule(e, Path.of(location), "no key file exists for key 'absent'");
    }

    @Test
    void move_replaces_the_target_atomically_and_removes_the_source() throws Exception {
        KeyPairInfo renewed = store.generate("edge-ca-temp", location("edge-ca-temp"), KeyAlgorithm.EC_P256);
        store.generate("edge-ca", location("edge-ca"), KeyAlgorithm.EC_P384);
        store.find("edge-ca", location("edge-ca")).orElseThrow();

        store.move(location("edge-ca-temp"), location("edge-ca"));

        assertTrue(store.find("edge-ca-temp", location("edge-ca-temp")).isEmpty());
        KeyPairInfo moved = store.find("edge-ca", location("edge-ca")).orElseThrow();
        assertEquals(renewed.publicKey(), moved.publicKey());
        assertEquals(KeyAlgorithm.EC_P256, moved.algorithm());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(location("edge-ca")))));
        assertEquals(List.of(Path.of(location("edge-ca"))), filesIn(keys));
    }

    @Test
    void moving_a_missing_key_is_rejected_naming_the_file() {
        KeyException e = assertThrows(KeyException.class, () -> store.move(location("a"), location("b")));

        assertRule(e, Path.of(location("a")), "there is no key file to move");
    }

    @Test
    void delete_removes_the_key_and_deleting_nothing_is_not_an_error() throws Exception {
        store.generate("k", location("k"), KeyAlgorithm.EC_P256);

        store.delete("k", location("k"));
        store.delete("k", location("k"));

        assertTrue(store.find("k", location("k")).isEmpty());
    }

    @Test
    void writes_outside_the_key_directory_are_refused() throws Exception {
        Path preloaded = TestKeys.writePem(temp.resolve("preloaded.pem"), TestKeys.ec("secp256r1").getPrivate());
        byte[] before = Files.readAllBytes(preloaded);
        URI outside = preloaded.toUri();
        PrivateKey other = TestKeys.ec("secp256r1").getPrivate();

        List<KeyException> errors = List.of(
                assertThrows(KeyException.class, () -> store.generate("p", outside, KeyAlgorithm.EC_P256)),
                assertThrows(KeyException.class, () -> store.store("p", outside, other)),
                assertThrows(KeyException.class, () -> store.delete("p", outside)),
                assertThrows(KeyException.class, () -> store.move(outside, location("p"))),
                assertThrows(KeyException.class, () -> store.move(location("p"), outside)));

        for (KeyException e : errors) {
            assertTrue(e.getMessage().contains("is outside the key store " + keys.toAbsolutePath()), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(preloaded));
    }

    @Test
    void an_imported_jdk_key_is_stored_as_pkcs8_and_reads_back_the_same() throws Exception {
        KeyPair rsa = TestKeys.rsa(3072);
        KeyPair ec = TestKeys.jdkEc("secp384r1");

        KeyPairInfo storedRsa = store.store("rsa", location("rsa"), rsa.getPrivate());
        KeyPairInfo storedEc = store.store("ec", location("ec"), ec.getPrivate());

        assertEquals(KeyAlgorithm.RSA_3072, storedRsa.algorithm());
        assertEquals(KeyAlgorithm.EC_P384, storedEc.algorithm());
        assertTrue(PublicKeyMatch.sameKey(rsa.getPublic(), store.find("rsa", location("rsa")).orElseThrow().publicKey()));
        assertTrue(PublicKeyMatch.sameKey(ec.getPublic(), store.find("ec", location("ec")).orElseThrow().publicKey()));
        byte[] signature = store.sign("ec", location("ec"), "SHA384withECDSA", DATA);
        assertTrue(TestKeys.verifies(ec.getPublic(), "SHA384withECDSA", DATA, signature));
    }

    @Test
    void an_unsupported_key_is_not_imported() throws Exception {
        PrivateKey small = TestKeys.rsa(1024).getPrivate();

        KeyException e = assertThrows(KeyException.class, () -> store.store("small", location("small"), small));

        assertRule(e, "small", "key size RSA 1024 bits is not supported");
        assertFalse(Files.exists(Path.of(location("small"))));
    }

    @Test
    void a_key_replaced_behind_the_store_is_read_again() throws Exception {
        URI location = location("k");
        store.generate("k", location, KeyAlgorithm.EC_P256);
        store.find("k", location).orElseThrow();
        KeyPair replacement = TestKeys.rsa(2048);

        TestKeys.writePem(Path.of(location), replacement.getPrivate());

        KeyPairInfo reread = store.find("k", location).orElseThrow();
        assertEquals(KeyAlgorithm.RSA_2048, reread.algorithm());
        assertTrue(PublicKeyMatch.sameKey(replacement.getPublic(), reread.publicKey()));
    }

    @Test
    void parsed_keys_are_cached_and_forgotten_on_delete_move_and_clear() throws Exception {
        store.generate("a", location("a"), KeyAlgorithm.EC_P256);
        store.generate("b", location("b"), KeyAlgorithm.EC_P256);
        assertEquals(0, store.cachedKeys(), "a write does not cache");

        store.sign("a", location("a"), "SHA256withECDSA", DATA);
        store.sign("b", location("b"), "SHA256withECDSA", DATA);
        assertEquals(2, store.cachedKeys());

        store.delete("b", location("b"));
        assertEquals(1, store.cachedKeys());
        store.move(location("a"), location("c"));
        assertEquals(0, store.cachedKeys());
        store.find("c", location("c")).orElseThrow();
        store.clear();
        assertEquals(0, store.cachedKeys());
    }

    @Test
    void a_signature_algorithm_that_does_not_fit_the_key_is_rejected() throws Exception {
        store.generate("ec", location("ec"), KeyAlgorithm.EC_P256);

        KeyException e = assertThrows(KeyException.class,
                () -> store.sign("ec", location("ec"), "SHA256withRSA", DATA));

        assertRule(e, "ec", "signature algorithm SHA256withRSA does not fit the ec-p256 key");
    }

    @Test
    void an_unknown_signature_algorithm_is_rejected() throws Exception {
        store.generate("ec", location("ec"), KeyAlgorithm.EC_P256);

        KeyException e = assertThrows(KeyException.class,
                () -> store.sign("ec", location("ec"), "SHA256withMagic", DATA));

        assertRule(e, "ec", "signature algorithm 'SHA256withMagic' is not known");
    }

    @Test
    void the_private_key_handle_signs_for_a_tls_stack() throws Exception {
        KeyPairInfo key = store.generate("tls", location("tls"), KeyAlgorithm.EC_P256);

        PrivateKey handle = store.privateKeyHandle("tls", location("tls"));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(handle);
        signer.update(DATA);

        assertEquals("EC", handle.getAlgorithm());
        assertTrue(TestKeys.verifies(key.publicKey(), "SHA256withECDSA", DATA, signer.sign()));
    }

    @Test
    void writes_leave_no_temporary_files() throws Exception {
        store.generate("a", location("a"), KeyAlgorithm.EC_P256);
        store.store("b", location("b"), TestKeys.ec("secp256r1").getPrivate());
        store.move(location("b"), location("a"));

        assertEquals(List.of(Path.of(location("a"))), filesIn(keys));
    }

    @Test
    void a_uri_that_is_not_a_file_uri_is_rejected_without_its_pin() {
        URI pkcs11 = URI.create("pkcs11:object=k?pin-value=1234");

        KeyException e = assertThrows(KeyException.class, () -> store.find("k", pkcs11));

        assertRule(e, "pkcs11:object=k?pin-value=***", "is not a file: URI");
        assertFalse(e.getMessage().contains("1234"));
    }

    private URI location(String keyId) {
        return store.baseLocation(keyId).orElseThrow();
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
