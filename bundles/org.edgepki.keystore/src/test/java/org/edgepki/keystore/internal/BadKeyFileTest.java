package org.edgepki.keystore.internal;

import static org.edgepki.keystore.internal.TestKeys.BC;
import static org.edgepki.keystore.internal.TestKeys.assertRule;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad key file gets a KeyException naming the file and the rule, and never its content. */
class BadKeyFileTest {
    @TempDir
    Path temp;
    FileKeyStore store;
    KeyPair ec;

    @BeforeEach
    void createStore() throws Exception {
        store = new FileKeyStore(temp.resolve("keys"));
        ec = TestKeys.ec("secp256r1");
    }

    @Test
    void a_certificate_where_a_key_is_expected_is_rejected_naming_the_file() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("device-id.pem"), TestKeys.selfSigned(ec, "SHA256withECDSA"));

        assertRule(rejected(file), file, "holds a CERTIFICATE where a private key is expected");
    }

    @Test
    void a_truncated_pem_is_rejected_naming_the_file() throws Exception {
        byte[] pem = pkcs8Pem(ec.getPrivate());
        Path file = Files.write(temp.resolve("truncated.pem"), Arrays.copyOf(pem, pem.length / 2));

        assertRule(rejected(file), file, "the PEM is truncated: a BEGIN line has no matching END line");
    }

    @Test
    void a_pem_whose_base64_is_corrupt_is_rejected_naming_the_file() throws Exception {
        String pem = new String(pkcs8Pem(ec.getPrivate()), StandardCharsets.US_ASCII);
        String corrupt = pem.replaceFirst("\n(.{10})", "\n!!!!$1");
        Path file = Files.writeString(temp.resolve("corrupt.pem"), corrupt);

        assertRule(rejected(file), file, "the PEM is corrupt: its base64 content does not decode");
    }

    @Test
    void a_pem_whose_der_is_corrupt_is_rejected_naming_the_file_and_not_its_content() throws Exception {
        byte[] pem = pkcs8Pem(ec.getPrivate());
        String text = new String(pem, StandardCharsets.US_ASCII);
        int body = text.indexOf('\n') + 1;
        // Keep the base64 valid but break the DER: replace the start of the body.
        String corrupt = text.substring(0, body) + "AAAA" + text.substring(body + 4);
        Path file = Files.writeString(temp.resolve("corrupt-der.pem"), corrupt);

        KeyException e = assertRule(rejected(file), file, "the PRIVATE KEY block is corrupt");
        assertFalse(e.getMessage().contains(text.substring(body + 4, body + 20)), "quotes the content");
        assertTrue(e.getCause() == null, "a decoder exception may quote key bytes");
    }

    @Test
    void an_encrypted_pkcs8_key_is_rejected_with_advice_to_store_it_unencrypted() throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(ec.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(BC)
                            .setPassword("secret".toCharArray()).build()));
        }
        Path file = Files.writeString(temp.resolve("encrypted.pem"), text.toString());

        assertRule(rejected(file), file,
                "encrypted private keys are not supported; store it unencrypted with mode 0600");
    }

    @Test
    void an_encrypted_traditional_key_is_rejected_with_advice_to_store_it_unencrypted() throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(TestKeys.rsa(2048).getPrivate(),
                    new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build("secret".toCharArray()));
        }
        Path file = Files.writeString(temp.resolve("encrypted-rsa.pem"), text.toString());

        assertTrue(text.toString().contains("Proc-Type: 4,ENCRYPTED"));
        assertRule(rejected(file), file,
                "encrypted private keys are not supported; store it unencrypted with mode 0600");
    }

    @Test
    void an_unreadable_file_is_rejected_as_permission_denied() throws Exception {
        Path file = Files.write(temp.resolve("unreadable.pem"), pkcs8Pem(ec.getPrivate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "this user (root) reads every file; the next test covers the rule");

        assertRule(rejected(file), file, "cannot be read: permission denied");
    }

    @Test
    void permission_denied_is_reported_naming_the_file() {
        Path file = temp.resolve("unreadable.pem");

        KeyException e = FileKeyStore.unreadable(file, new AccessDeniedException(file.toString()));

        assertRule(e, file, "cannot be read: permission denied; the key file must be readable by the gateway's user");
        assertFalse(e.isRetryable());
    }

    @Test
    void a_directory_is_rejected_naming_it() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("device-id.key.pem"));

        assertRule(rejected(dir), dir, "is a directory where a key file is expected");
    }

    @Test
    void an_empty_file_is_rejected_naming_the_file() throws Exception {
        Path file = Files.createFile(temp.resolve("empty.pem"));

        assertRule(rejected(file), file, "holds no PEM private key: the file is empty or not PEM");
    }

    @Test
    void a_der_file_is_rejected_as_not_pem() throws Exception {
        Path file = Files.write(temp.resolve("key.der"), ec.getPrivate().getEncoded());

        assertRule(rejected(file), file, "holds no PEM private key: the file is empty or not PEM");
    }

    @Test
    void a_public_key_where_a_private_key_is_expected_is_rejected() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("public.pem"), ec.getPublic());

        assertRule(rejected(file), file, "holds PEM blocks of type [PUBLIC KEY] where a private key");
    }

    @Test
    void two_private_keys_in_one_file_are_rejected() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("two.pem"), ec.getPrivate(), TestKeys.ec("secp256r1").getPrivate());

        assertRule(rejected(file), file, "holds more than one private key");
    }

    @Test
    void an_rsa_key_of_unsupported_size_is_rejected() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("rsa1024.pem"), TestKeys.rsa(1024).getPrivate());

        assertRule(rejected(file), file, "key size RSA 1024 bits is not supported; use ec-p256, ec-p384, rsa-2048");
    }

    @Test
    void an_ec_key_on_an_unsupported_curve_is_rejected() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("p521.pem"), TestKeys.ec("secp521r1").getPrivate());

        assertRule(rejected(file), file, "EC curve secp521r1 is not supported");
    }

    @Test
    void a_traditional_ec_key_that_does_not_name_its_curve_is_rejected() throws Exception {
        // Bouncy Castle's PEM writer drops the curve of a JDK key; OpenSSL cannot read the result either.
        Path file = TestKeys.writePem(temp.resolve("nocurve.pem"), TestKeys.jdkEc("secp256r1").getPrivate());

        assertRule(rejected(file), file, "the EC private key does not name its curve");
    }

    @Test
    void an_ed25519_key_is_rejected_as_an_unsupported_type() throws Exception {
        PrivateKey ed25519 = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        Path file = Files.write(temp.resolve("ed25519.pem"), pkcs8Pem(ed25519));

        assertRule(rejected(file), file, "key type Ed25519 is not supported");
    }

    @Test
    void an_openssh_key_is_rejected_with_a_conversion_hint() throws Exception {
        Path file = Files.writeString(temp.resolve("id_ecdsa"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");

        assertRule(rejected(file), file, "the OpenSSH key format is not supported");
    }

    @Test
    void a_file_larger_than_a_mebibyte_is_rejected() throws Exception {
        Path file = Files.write(temp.resolve("huge.pem"), new byte[(int) FileKeyStore.MAX_KEY_FILE_SIZE + 1]);

        assertRule(rejected(file), file, "is larger than 1 MiB");
    }

    @Test
    void every_rejection_is_permanent_and_leaves_nothing_cached() throws Exception {
        Path file = TestKeys.writePem(temp.resolve("device-id.pem"), TestKeys.selfSigned(ec, "SHA256withECDSA"));

        assertFalse(rejected(file).isRetryable());
        assertTrue(store.cachedKeys() == 0);
    }

    @Test
    void signing_and_key_handles_report_the_same_rule() throws Exception {
        Path file = Files.createFile(temp.resolve("empty.pem"));

        assertRule(assertThrows(KeyException.class, () -> store.sign("k", file.toUri(), "SHA256withECDSA", new byte[1])),
                file, "holds no PEM private key");
        assertRule(assertThrows(KeyException.class, () -> store.privateKeyHandle("k", file.toUri())),
                file, "holds no PEM private key");
        assertRule(assertThrows(KeyException.class, () -> store.generate("k", file.toUri(), KeyAlgorithm.EC_P256)),
                file, "is outside the key store");
    }

    private KeyException rejected(Path file) {
        return assertThrows(KeyException.class, () -> store.find("device-id", file.toUri()));
    }

    private static byte[] pkcs8Pem(PrivateKey key) {
        return PrivateKeyPem.encode(key.getEncoded());
    }
}
