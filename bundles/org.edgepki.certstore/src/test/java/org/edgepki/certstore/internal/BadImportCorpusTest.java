package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.edgepki.api.cert.CertificateStoreException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad import corpus, beyond {@link BadInputTest}'s file formats: PKCS#12 files and keys with wrong, missing or
 * needless passwords, truncated or mixed PEM, other objects where a certificate belongs. Each import is refused
 * naming the file, the error never holds a password, and nothing changes: no chain stored, no key sent to the key
 * service, no event.
 */
class BadImportCorpusTest {
    private static final String PASSWORD = "Corpus-Pa55word";
    private static final String WRONG = "Wrong-Pa55word";

    @TempDir
    Path home;
    @TempDir
    Path in;

    record Case(String name, byte[] content, char[] password, String rule) {
    }

    @TestFactory
    Stream<DynamicTest> every_bad_import_is_refused_and_changes_nothing() throws Exception {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 20, "the corpus holds at least 20 cases, not " + cases.size());
        return cases.stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            StoreFixture fixture = new StoreFixture(Files.createTempDirectory(home, "store"));
            CertificateStore store = fixture.store();
            Path file = TestPki.write(in.resolve("import-" + Math.abs(bad.name().hashCode())), bad.content());
            CertificateStoreException error = assertThrows(CertificateStoreException.class,
                    () -> store.importFile("device-id", file, bad.password()), "accepted: " + bad.name());
            assertEquals(file.toString(), error.subject());
            if (bad.rule() != null) {
                assertTrue(error.rule().contains(bad.rule()), "expected '" + bad.rule() + "', got: " + error.getMessage());
            }
            for (Throwable t = error; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage());
                assertFalse(message.contains(PASSWORD) || message.contains(WRONG), message);
            }
            assertTrue(store.ids().isEmpty(), "a chain was stored");
            assertTrue(fixture.keys.imported("device-id").isEmpty(), "a key was sent to the key service");
            assertTrue(fixture.events.posted().isEmpty(), "an event was posted");
        }));
    }

    private static List<Case> cases() throws Exception {
        List<TestPki.Issued> chain = TestPki.chain("corpus");
        TestPki.Issued leaf = chain.get(0);
        KeyPair other = TestPki.ecKeyPair();
        String certPem = TestPki.pem(leaf.certificate());
        String keyPem = TestPki.pkcs8Pem(leaf.keys());
        byte[] p12 = pkcs12(leaf, PASSWORD);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("PKCS#12 with a wrong password", p12, WRONG.toCharArray(), "wrong password or corrupt PKCS#12"));
        cases.add(new Case("PKCS#12 without its password", p12, null, null));
        cases.add(new Case("PKCS#12 with an empty password", p12, new char[0], null));
        cases.add(new Case("PKCS#12 truncated to half", Arrays.copyOf(p12, p12.length / 2), PASSWORD.toCharArray(), null));
        cases.add(new Case("PKCS#12 missing its last byte", Arrays.copyOf(p12, p12.length - 1), PASSWORD.toCharArray(),
                null));
        cases.add(new Case("PKCS#12 with a flipped byte", flipped(p12, p12.length / 2), PASSWORD.toCharArray(), null));
        cases.add(new Case("certificate and encrypted key without the password",
                ascii(certPem + TestPki.encryptedPkcs8Pem(leaf.keys(), PASSWORD.toCharArray())), null, "password"));
        cases.add(new Case("certificate and encrypted key with a wrong password",
                ascii(certPem + TestPki.encryptedPkcs8Pem(leaf.keys(), PASSWORD.toCharArray())), WRONG.toCharArray(),
                null));
        cases.add(new Case("certificate and another key", ascii(certPem + TestPki.pkcs8Pem(other)), null,
                "does not match the certificate"));
        cases.add(new Case("certificate and two keys", ascii(certPem + keyPem + TestPki.pkcs8Pem(other)), null, null));
        cases.add(new Case("a key and no certificate", ascii(keyPem), null, "private key"));
        cases.add(new Case("a certificate request in PEM", ascii("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n"
                + "-----END CERTIFICATE REQUEST-----\n"), null, null));
        cases.add(new Case("an unknown PEM block", ascii("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"), null, null));
        cases.add(new Case("PEM without its END line", ascii(certPem.substring(0, certPem.indexOf("-----END"))), null,
                null));
        cases.add(new Case("PEM whose END label differs", ascii(certPem.replace("END CERTIFICATE", "END KEY")), null,
                null));
        cases.add(new Case("a certificate cut in the middle of a line",
                ascii(certPem.substring(0, certPem.length() / 3)), null, null));
        cases.add(new Case("random bytes", random(4096), null, null));
        cases.add(new Case("0xff bytes", filled(512, (byte) 0xff), null, null));
        cases.add(new Case("a NUL byte", new byte[1], null, null));
        cases.add(new Case("a DER certificate cut short", Arrays.copyOf(leaf.certificate().getEncoded(), 100), null,
                null));
        cases.add(new Case("a DER certificate with a flipped length byte", flipped(leaf.certificate().getEncoded(), 2),
                null, null));
        cases.add(new Case("UTF-16 text", certPem.getBytes(StandardCharsets.UTF_16), null, null));
        return cases;
    }

    private static byte[] pkcs12(TestPki.Issued leaf, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device-id", leaf.keys().getPrivate(), password.toCharArray(),
                new Certificate[] {leaf.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] flipped(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(17).nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
