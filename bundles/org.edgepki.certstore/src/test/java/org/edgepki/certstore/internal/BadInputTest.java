package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.util.io.pem.PemObject;
import org.edgepki.api.cert.CertificateStoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad file gets an error naming the file and the rule broken, when preloaded and when imported. */
class BadInputTest {
    private static final String PRIVATE_KEY_RULE = "holds a private key where a certificate is expected";

    @TempDir
    Path home;
    @TempDir
    Path etc;
    private StoreFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new StoreFixture(home);
    }

    static Stream<Arguments> badFiles() throws Exception {
        TestPki.Issued issued = TestPki.chain("bad").get(0);
        KeyPair ec = issued.keys();
        String pem = TestPki.pem(issued.certificate());
        byte[] der = issued.certificate().getEncoded();
        return Stream.of(
                Arguments.of("an empty file", new byte[0], "is empty"),
                Arguments.of("a file of white space", ascii("\n  \n"), "is empty"),
                Arguments.of("truncated PEM", ascii(pem.substring(0, pem.length() / 2)), "truncated or corrupt PEM"),
                Arguments.of("PEM with corrupt Base64", ascii(pem.replace(pem.substring(40, 60), "!!!!@@@@####$$$$%%%%")),
                        "truncated or corrupt PEM"),
                Arguments.of("PEM around a truncated certificate", ascii(pemOf(Arrays.copyOf(der, der.length / 2))),
                        "truncated or corrupt PEM"),
                Arguments.of("truncated DER", Arrays.copyOf(der, der.length - 10), "truncated or corrupt DER"),
                Arguments.of("text that is neither PEM nor DER", ascii("hello, certificate\n"), "neither PEM nor DER"),
                Arguments.of("a PKCS#8 PEM key", ascii(TestPki.pkcs8Pem(ec)), PRIVATE_KEY_RULE),
                Arguments.of("a traditional EC PEM key", ascii(TestPki.pem(ec)), PRIVATE_KEY_RULE),
                Arguments.of("a traditional RSA PEM key", ascii(TestPki.pem(TestPki.rsaKeyPair())), PRIVATE_KEY_RULE),
                Arguments.of("an encrypted PKCS#8 PEM key",
                        ascii(TestPki.encryptedPkcs8Pem(ec, "secret".toCharArray())), PRIVATE_KEY_RULE),
                Arguments.of("a PKCS#8 DER key", ec.getPrivate().getEncoded(), PRIVATE_KEY_RULE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void a_bad_preloaded_file_is_rejected_naming_the_file_and_the_rule(String what, byte[] content, String rule)
            throws Exception {
        Path file = TestPki.write(etc.resolve("preloaded.pem"), content);
        CertificateStore store = fixture.store("aziot-edged-ca=" + file.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.find("aziot-edged-ca"));

        assertEquals(file.toString(), error.subject(), what);
        assertTrue(error.rule().contains(rule), what + ": " + error.getMessage());
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertFalse(error.isRetryable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void a_bad_import_file_is_rejected_naming_the_file_and_nothing_is_stored(String what, byte[] content, String rule)
            throws Exception {
        Path file = TestPki.write(etc.resolve("import.crt"), content);
        CertificateStore store = fixture.store();

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", file, null));

        assertEquals(file.toString(), error.subject(), what);
        assertTrue(error.rule().contains(rule), what + ": " + error.getMessage());
        assertTrue(store.ids().isEmpty());
        assertTrue(fixture.keys.imported("device-id").isEmpty());
        assertTrue(fixture.events.posted().isEmpty());
    }

    @Test
    void a_private_key_where_a_certificate_is_expected_is_rejected_naming_the_file() throws Exception {
        Path file = TestPki.write(etc.resolve("looks-like-a.crt"), TestPki.pkcs8Pem(TestPki.ecKeyPair()));
        CertificateStore store = fixture.store("device-id=" + file.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.get("device-id"));

        assertEquals(file + ": " + PRIVATE_KEY_RULE, error.getMessage());
    }

    @Test
    void error_messages_never_hold_key_material() throws Exception {
        KeyPair keys = TestPki.ecKeyPair();
        String pem = TestPki.pkcs8Pem(keys);
        String base64Body = pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        Path file = TestPki.write(etc.resolve("key.pem"), pem);

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> fixture.store().importFile("device-id", file, null));

        assertFalse(error.getMessage().contains(base64Body.substring(0, 20)));
    }

    @Test
    void an_unreadable_file_is_rejected_naming_the_file() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        Path file = TestPki.write(etc.resolve("unreadable.pem"), TestPki.pem(TestPki.chain("x").get(0).certificate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        CertificateStore store = fixture.store("device-id=" + file.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.get("device-id"));

        assertEquals(file.toString(), error.subject());
        assertEquals("cannot be read: permission denied", error.rule());
    }

    @Test
    void permission_denied_is_reported_as_such_naming_the_file() {
        Path file = etc.resolve("unreadable.pem");

        CertificateStoreException error = CertificateFiles.readFailure(file, new AccessDeniedException(file.toString()));

        assertEquals(file + ": cannot be read: permission denied (retryable)", error.getMessage());
        assertTrue(error.isRetryable(), "an operator may fix the permissions: the next attempt reads it");
    }

    @Test
    void a_pem_with_two_private_keys_is_rejected_naming_the_file() throws Exception {
        TestPki.Issued issued = TestPki.chain("two-keys").get(0);
        Path file = TestPki.write(etc.resolve("two-keys.pem"), TestPki.pem(issued.certificate())
                + TestPki.pkcs8Pem(issued.keys()) + TestPki.pkcs8Pem(TestPki.ecKeyPair()));

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> fixture.store().importFile("device-id", file, null));

        assertEquals(file.toString(), error.subject());
        assertTrue(error.rule().contains("more than one private key"), error.getMessage());
    }

    @Test
    void a_pem_with_a_certificate_request_is_rejected_naming_what_it_holds() throws Exception {
        Path key = TestPki.write(etc.resolve("key.pem"), TestPki.pkcs8Pem(TestPki.ecKeyPair()));
        String csr = OpenSsl.run("req", "-new", "-key", key.toString(), "-subj", "/CN=csr");
        Path file = TestPki.write(etc.resolve("request.pem"), csr);
        CertificateStore store = fixture.store("device-id=" + file.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.get("device-id"));

        assertEquals(file + ": holds a certificate request where a certificate is expected", error.getMessage());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String pemOf(byte[] der) throws IOException {
        return TestPki.pem(new PemObject("CERTIFICATE", der));
    }
}
