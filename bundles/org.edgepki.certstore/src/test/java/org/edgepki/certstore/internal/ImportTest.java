package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.AwaitedService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
    @TempDir
    Path home;
    @TempDir
    Path in;
    private StoreFixture fixture;
    private CertificateStore store;
    private List<TestPki.Issued> issued;
    private List<X509Certificate> chain;
    private KeyPair leafKeys;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StoreFixture(home);
        store = fixture.store();
        issued = TestPki.chain("device-1");
        chain = TestPki.certificates(issued);
        leafKeys = issued.get(0).keys();
    }

    @Test
    void a_pem_chain_is_imported_without_touching_the_key_service() throws Exception {
        Path file = TestPki.write(in.resolve("chain.pem"), TestPki.pem(chain.toArray()));

        StoredCertificate stored = store.importFile("device-id", file, null);

        assertEquals(chain, stored.chain());
        assertEquals(chain, fixture.store().get("device-id").chain());
        assertTrue(fixture.keys.imported("device-id").isEmpty());
        assertEquals(List.of(CertificateEvents.TOPIC_STORED), fixture.events.topics());
    }

    @Test
    void a_der_certificate_is_imported() throws Exception {
        Path file = TestPki.write(in.resolve("leaf.der"), chain.get(0).getEncoded());

        assertEquals(List.of(chain.get(0)), store.importFile("device-id", file, null).chain());
    }

    @Test
    void the_format_is_told_from_the_content_not_the_file_name() throws Exception {
        Path pemNamedDer = TestPki.write(in.resolve("chain.der"), TestPki.pem(chain.toArray()));
        Path derNamedPem = TestPki.write(in.resolve("leaf.pem"), chain.get(0).getEncoded());

        assertEquals(chain, store.importFile("a", pemNamedDer, null).chain());
        assertEquals(List.of(chain.get(0)), store.importFile("b", derNamedPem, null).chain());
    }

    @Test
    void a_pem_with_chain_and_pkcs8_key_sends_the_key_to_the_key_service_under_the_same_id() throws Exception {
        Path file = TestPki.write(in.resolve("combined.pem"), TestPki.pem(chain.toArray()) + TestPki.pkcs8Pem(leafKeys));

        StoredCertificate stored = store.importFile("device-id", file, null);

        assertEquals(chain, stored.chain());
        assertArrayEquals(leafKeys.getPrivate().getEncoded(),
                fixture.keys.imported("device-id").orElseThrow().getEncoded());
    }

    @Test
    void a_pem_with_key_first_and_a_traditional_ec_key_is_imported() throws Exception {
        Path file = TestPki.write(in.resolve("combined.pem"), TestPki.pem(leafKeys) + TestPki.pem(chain.toArray()));

        store.importFile("device-id", file, null);

        assertArrayEquals(leafKeys.getPrivate().getEncoded(),
                fixture.keys.imported("device-id").orElseThrow().getEncoded());
    }

    @Test
    void a_pem_with_a_traditional_rsa_key_is_imported() throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        X509Certificate leaf = TestPki.issue("CN=rsa device", rsa, issued.get(1)).certificate();
        Path file = TestPki.write(in.resolve("rsa.pem"), TestPki.pem(leaf, rsa));

        store.importFile("device-id", file, null);

        assertArrayEquals(rsa.getPrivate().getEncoded(), fixture.keys.imported("device-id").orElseThrow().getEncoded());
    }

    @Test
    void an_openssl_ec_key_with_its_ec_parameters_block_is_imported() throws Exception {
        Path key = in.resolve("ec.key");
        OpenSsl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        Path cert = in.resolve("ec.crt");
        OpenSsl.run("req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=openssl device", "-days", "2",
                "-out", cert.toString());
        Path file = TestPki.write(in.resolve("combined.pem"), Files.readString(cert) + Files.readString(key));

        store.importFile("device-id", file, null);

        assertTrue(fixture.keys.imported("device-id").isPresent());
    }

    @Test
    void an_encrypted_pkcs8_key_is_imported_with_its_password() throws Exception {
        char[] password = "pem secret".toCharArray();
        Path file = TestPki.write(in.resolve("combined.pem"),
                TestPki.pem(chain.get(0)) + TestPki.encryptedPkcs8Pem(leafKeys, password));

        CertificateStoreException withoutPassword = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", file, null));
        assertTrue(withoutPassword.rule().contains("password"), withoutPassword.getMessage());

        store.importFile("device-id", file, password);
        assertArrayEquals(leafKeys.getPrivate().getEncoded(),
                fixture.keys.imported("device-id").orElseThrow().getEncoded());
    }

    @Test
    void a_pkcs12_file_made_by_openssl_is_imported_with_its_key_and_chain() throws Exception {
        Path p12 = pkcs12("p12 secret");

        StoredCertificate stored = store.importFile("device-id", p12, "p12 secret".toCharArray());

        assertEquals(chain, stored.chain());
        assertArrayEquals(leafKeys.getPrivate().getEncoded(),
                fixture.keys.imported("device-id").orElseThrow().getEncoded());
    }

    /** Past 2050 a notAfter is a GeneralizedTime (RFC 5280 4.1.2.5); each format keeps it, and so does the store. */
    @Test
    void a_chain_valid_until_2060_is_imported_from_pem_der_and_pkcs12_with_its_dates() throws Exception {
        Instant notAfter = Instant.parse("2060-01-01T00:00:00Z");
        issued = TestPki.chain("device-far", notAfter);
        chain = TestPki.certificates(issued);
        leafKeys = issued.get(0).keys();
        Path pem = TestPki.write(in.resolve("far.pem"), TestPki.pem(chain.toArray()));
        Path der = TestPki.write(in.resolve("far.der"), chain.get(0).getEncoded());

        List<StoredCertificate> imported = List.of(store.importFile("far-pem", pem, null),
                store.importFile("far-der", der, null),
                store.importFile("far-p12", pkcs12("far"), "far".toCharArray()));

        for (StoredCertificate stored : imported) {
            assertEquals(notAfter, stored.leaf().getNotAfter().toInstant(), stored.id());
            assertEquals(notAfter, fixture.store().get(stored.id()).leaf().getNotAfter().toInstant(), stored.id());
        }
        assertEquals(chain, fixture.store().get("far-p12").chain());
    }

    @Test
    void a_pkcs12_file_with_a_wrong_password_is_rejected_without_echoing_the_password() throws Exception {
        Path p12 = pkcs12("Tr0ub4dor&3");

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", p12, "hunter2".toCharArray()));

        assertEquals(p12 + ": wrong password or corrupt PKCS#12 file", error.getMessage());
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertFalse(message.contains("hunter2") || message.contains("Tr0ub4dor"), message);
        }
        assertNothingStored();
    }

    @Test
    void a_key_that_does_not_match_the_certificate_is_rejected_and_nothing_is_stored() throws Exception {
        Path file = TestPki.write(in.resolve("mismatch.pem"),
                TestPki.pem(chain.toArray()) + TestPki.pkcs8Pem(TestPki.ecKeyPair()));

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", file, null));

        assertEquals(file.toString(), error.subject());
        assertTrue(error.rule().contains("does not match the certificate"), error.getMessage());
        assertNothingStored();
    }

    @Test
    void a_key_of_another_type_than_the_certificate_is_rejected_as_not_matching() throws Exception {
        Path file = TestPki.write(in.resolve("mismatch.pem"),
                TestPki.pem(chain.get(0)) + TestPki.pkcs8Pem(TestPki.rsaKeyPair()));

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", file, null));

        assertTrue(error.rule().contains("does not match the certificate"), error.getMessage());
        assertNothingStored();
    }

    @Test
    void without_a_key_service_an_import_with_a_key_fails_retryably_after_the_timeout() throws Exception {
        CertificateStore withoutKeys = new CertificateStore(StoreSettings.parse(home.toString(), new String[0], 0,
                property -> null), new AwaitedService<>(), () -> fixture.events);
        Path file = TestPki.write(in.resolve("combined.pem"), TestPki.pem(chain.get(0)) + TestPki.pkcs8Pem(leafKeys));

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> withoutKeys.importFile("device-id", file, null));

        assertTrue(error.isRetryable());
        assertEquals("device-id", error.subject());
        assertNothingStored();
    }

    @Test
    void a_key_service_that_arrives_while_an_import_waits_is_used() throws Exception {
        AwaitedService<KeyService> late = new AwaitedService<>();
        CertificateStore waiting = new CertificateStore(StoreSettings.parse(home.toString(), new String[0], 10,
                property -> null), late, () -> fixture.events);
        Path file = TestPki.write(in.resolve("combined.pem"), TestPki.pem(chain.get(0)) + TestPki.pkcs8Pem(leafKeys));

        CompletableFuture<StoredCertificate> importing = CompletableFuture.supplyAsync(() -> {
            try {
                return waiting.importFile("device-id", file, null);
            } catch (CertificateStoreException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(Duration.ofMillis(200).toMillis());
        late.bind(fixture.keys);

        assertEquals(chain.get(0), importing.get(5, TimeUnit.SECONDS).leaf());
        assertTrue(fixture.keys.imported("device-id").isPresent());
    }

    @Test
    void a_key_service_error_is_reported_with_its_retryability_and_no_chain_is_stored() throws Exception {
        KeyException refusal = new KeyException("device-id", "the id is preloaded", false, null);
        fixture.keys.failWith(refusal);
        Path file = TestPki.write(in.resolve("combined.pem"), TestPki.pem(chain.get(0)) + TestPki.pkcs8Pem(leafKeys));

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", file, null));

        assertSame(refusal, error.getCause());
        assertTrue(error.rule().contains("the id is preloaded"), error.getMessage());
        assertFalse(error.isRetryable());
        assertTrue(store.ids().isEmpty());
    }

    @Test
    void a_missing_import_file_is_rejected_naming_the_file() {
        Path missing = in.resolve("missing.pem");

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.importFile("device-id", missing, null));

        assertEquals(missing + ": does not exist", error.getMessage());
    }

    private Path pkcs12(String password) throws Exception {
        Path key = TestPki.write(in.resolve("leaf.key"), TestPki.pkcs8Pem(leafKeys));
        Path cert = TestPki.write(in.resolve("leaf.crt"), TestPki.pem(chain.get(0)));
        Path cas = TestPki.write(in.resolve("cas.crt"), TestPki.pem(chain.get(1), chain.get(2)));
        Path p12 = in.resolve("device.p12");
        OpenSsl.run("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-certfile", cas.toString(),
                "-passout", "pass:" + password, "-out", p12.toString());
        return p12;
    }

    private void assertNothingStored() throws Exception {
        assertTrue(store.ids().isEmpty());
        assertFalse(Files.exists(fixture.storedFile("device-id")));
        assertTrue(fixture.keys.imported("device-id").isEmpty());
        assertTrue(fixture.events.posted().isEmpty());
    }
}
