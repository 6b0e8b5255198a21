package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys that PKI tools write are read where they are; keys we write are read by OpenSSL. */
class PreloadedKeyFormatsTest {
    private static final byte[] DATA = "preloaded".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;
    FileKeyStore store;

    @BeforeEach
    void createStore() {
        store = new FileKeyStore(temp.resolve("keys"));
    }

    @ParameterizedTest
    @CsvSource({"RSA, 2048, RSA_2048", "RSA, 4096, RSA_4096", "EC, secp256r1, EC_P256", "EC, secp384r1, EC_P384"})
    void traditional_and_pkcs8_pem_written_by_bouncy_castle_are_read(String type, String size, KeyAlgorithm expected)
            throws Exception {
        KeyPair pair = type.equals("RSA") ? TestKeys.rsa(Integer.parseInt(size)) : TestKeys.ec(size);
        Path traditional = TestKeys.writePem(temp.resolve("traditional.pem"), pair.getPrivate());
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
        }
        Path pkcs8 = Files.writeString(temp.resolve("pkcs8.pem"), text.toString());

        assertTrue(Files.readString(traditional).startsWith("-----BEGIN " + type + " PRIVATE KEY-----"));
        assertTrue(Files.readString(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----"));
        for (Path file : new Path[] {traditional, pkcs8}) {
            KeyPairInfo key = store.find("preloaded", file.toUri()).orElseThrow();
            assertEquals(expected, key.algorithm());
            assertEquals(file.toUri(), key.location());
            assertTrue(PublicKeyMatch.sameKey(pair.getPublic(), key.publicKey()));
            String algorithm = TestKeys.signatureAlgorithm(key);
            assertTrue(TestKeys.verifies(pair.getPublic(), algorithm, DATA,
                    store.sign("preloaded", file.toUri(), algorithm, DATA)));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "RSA, rsa_keygen_bits:2048, RSA_2048, rsa",
        "RSA, rsa_keygen_bits:3072, RSA_3072, rsa",
        "EC, ec_paramgen_curve:P-256, EC_P256, ec",
        "EC, ec_paramgen_curve:P-384, EC_P384, ec"})
    void keys_from_openssl_genpkey_are_read_in_pkcs8_and_traditional_form(String type, String option,
            KeyAlgorithm expected, String command) throws Exception {
        assumeTrue(TestKeys.opensslAvailable(), "openssl is not installed");
        Path pkcs8 = temp.resolve("pkcs8.pem");
        Path traditional = temp.resolve("traditional.pem");
        TestKeys.run("openssl", "genpkey", "-algorithm", type, "-pkeyopt", option, "-out", pkcs8.toString());
        if (command.equals("rsa")) {
            TestKeys.run("openssl", "rsa", "-traditional", "-in", pkcs8.toString(), "-out", traditional.toString());
        } else {
            TestKeys.run("openssl", "ec", "-in", pkcs8.toString(), "-out", traditional.toString());
        }
        byte[] opensslPublic = TestKeys.output("openssl", "pkey", "-in", pkcs8.toString(), "-pubout", "-outform", "DER");

        assertTrue(Files.readString(traditional).startsWith("-----BEGIN " + type + " PRIVATE KEY-----"));
        for (Path file : new Path[] {pkcs8, traditional}) {
            KeyPairInfo key = store.find("preloaded", file.toUri()).orElseThrow();
            assertEquals(expected, key.algorithm());
            assertArrayEquals(opensslPublic, key.publicKey().getEncoded());
        }
    }

    @Test
    void ec_parameters_before_an_openssl_ecparam_key_are_skipped() throws Exception {
        assumeTrue(TestKeys.opensslAvailable(), "openssl is not installed");
        Path file = temp.resolve("ecparam.pem");
        TestKeys.run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", file.toString());

        assertTrue(Files.readString(file).startsWith("-----BEGIN EC PARAMETERS-----"));
        assertEquals(KeyAlgorithm.EC_P256, store.find("preloaded", file.toUri()).orElseThrow().algorithm());
    }

    @Test
    void a_certificate_and_its_key_in_one_file_yield_the_key() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path file = TestKeys.writePem(temp.resolve("combined.pem"), TestKeys.selfSigned(pair, "SHA256withECDSA"),
                pair.getPrivate());

        assertTrue(PublicKeyMatch.sameKey(pair.getPublic(),
                store.find("preloaded", file.toUri()).orElseThrow().publicKey()));
    }

    @Test
    void an_encrypted_key_from_openssl_is_rejected_with_advice() throws Exception {
        assumeTrue(TestKeys.opensslAvailable(), "openssl is not installed");
        Path file = temp.resolve("encrypted.pem");
        TestKeys.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes-256-cbc", "-pass", "pass:secret", "-out", file.toString());

        KeyException e = org.junit.jupiter.api.Assertions.assertThrows(KeyException.class,
                () -> store.find("preloaded", file.toUri()));

        TestKeys.assertRule(e, file, "encrypted private keys are not supported; store it unencrypted with mode 0600");
    }

    @ParameterizedTest
    @CsvSource({"EC_P256", "EC_P384", "RSA_2048"})
    void openssl_reads_the_keys_we_write(KeyAlgorithm algorithm) throws Exception {
        assumeTrue(TestKeys.opensslAvailable(), "openssl is not installed");
        KeyPairInfo key = store.generate("k", store.baseLocation("k").orElseThrow(), algorithm);
        Path file = Path.of(key.location());

        byte[] opensslPublic = TestKeys.output("openssl", "pkey", "-in", file.toString(), "-pubout", "-outform", "DER");

        assertArrayEquals(key.publicKey().getEncoded(), opensslPublic);
    }
}
