package org.edgepki.keystore.internal;

import static org.edgepki.keystore.internal.TestKeys.assertRule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyServiceImplTest {
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;
    Path keys;
    FileKeyStore files;
    CountingKeyProvider provider;
    KeyServiceImpl service;
    Path preloaded;
    KeyPair preloadedPair;
    Path traditional;

    @BeforeEach
    void createService() throws Exception {
        keys = temp.resolve("keyd/keys");
        files = new FileKeyStore(keys);
        provider = new CountingKeyProvider(files);
        preloadedPair = TestKeys.ec("secp256r1");
        preloaded = Files.write(temp.resolve("device-id.key.pem"), PrivateKeyPem.encode(preloadedPair.getPrivate().getEncoded()));
        traditional = TestKeys.writePem(temp.resolve("est-id.key.pem"), TestKeys.rsa(2048).getPrivate());
        service = new KeyServiceImpl();
        service.configure(new String[] {"device-id=" + preloaded.toUri(), "est-id=" + traditional.toUri(),
            "missing=" + temp.resolve("missing.pem").toUri()}, "file", 1);
        service.bindKeyProvider(provider, Map.of("scheme", "file", "service.id", 1L));
    }

    @Test
    void a_missing_key_is_created_in_the_base_store_and_then_returned() throws Exception {
        KeyPairInfo created = service.createKeyPairIfNotExists("aziot-edged-ca", "rsa-2048:ec-p256:*");
        KeyPairInfo again = service.createKeyPairIfNotExists("aziot-edged-ca", "ec-p384");

        assertEquals(KeyAlgorithm.RSA_2048, created.algorithm());
        assertEquals(created.publicKey(), again.publicKey());
        assertEquals(1, provider.generations.get());
        assertEquals(files.baseLocation("aziot-edged-ca").orElseThrow(), created.location());
        assertEquals(created.publicKey(), service.get("aziot-edged-ca").publicKey());
    }

    @Test
    void star_creates_the_provider_default() throws Exception {
        assertEquals(KeyAlgorithm.EC_P256, service.createKeyPairIfNotExists("k", "*").algorithm());
    }

    @Test
    void a_bad_preference_is_rejected_naming_the_token_even_if_the_key_exists() throws Exception {
        service.createKeyPairIfNotExists("k", "*");

        KeyException e = assertThrows(KeyException.class, () -> service.createKeyPairIfNotExists("k", "ec-p256:dsa"));

        assertRule(e, "ec-p256:dsa", "token 'dsa' is not a key algorithm");
    }

    @Test
    void preloaded_keys_in_pkcs8_and_traditional_pem_are_read_and_sign() throws Exception {
        KeyPairInfo device = service.get("device-id");
        KeyPairInfo est = service.get("est-id");
        byte[] signature = service.sign("device-id", "SHA256withECDSA", DATA);

        assertEquals(preloaded.toUri(), device.location());
        assertTrue(PublicKeyMatch.sameKey(preloadedPair.getPublic(), device.publicKey()));
        assertEquals(KeyAlgorithm.RSA_2048, est.algorithm());
        assertTrue(TestKeys.verifies(device.publicKey(), "SHA256withECDSA", DATA, signature));
        assertEquals(device.publicKey(), service.createKeyPairIfNotExists("device-id", "rsa-4096").publicKey());
        assertEquals(0, provider.generations.get());
    }

    @Test
    void preloaded_keys_are_never_written_deleted_or_moved() throws Exception {
        byte[] before = Files.readAllBytes(preloaded);
        service.createKeyPairIfNotExists("other", "*");
        KeyPair replacement = TestKeys.ec("secp256r1");

        List<KeyException> errors = List.of(
                assertThrows(KeyException.class, () -> service.importPrivateKey("device-id", replacement.getPrivate())),
                assertThrows(KeyException.class, () -> service.delete("device-id")),
                assertThrows(KeyException.class, () -> service.move("device-id", "other")),
                assertThrows(KeyException.class, () -> service.move("other", "device-id")));

        for (KeyException e : errors) {
            assertTrue(e.getMessage().contains("is a preloaded key; preloaded keys are never written"), e.getMessage());
            assertFalse(e.isRetryable());
        }
        assertArrayEquals(before, Files.readAllBytes(preloaded));
        assertTrue(service.find("other").isPresent());
    }

    @Test
    void a_missing_preloaded_key_is_not_created() {
        KeyException e = assertThrows(KeyException.class, () -> service.createKeyPairIfNotExists("missing", "*"));

        assertRule(e, "missing", "does not exist; preloaded keys are never created");
        assertFalse(Files.exists(temp.resolve("missing.pem")));
        assertEquals(0, provider.generations.get());
    }

    @Test
    void import_delete_and_move_work_in_the_base_store() throws Exception {
        KeyPair imported = TestKeys.ec("secp384r1");
        service.importPrivateKey("edge-ca-temp", imported.getPrivate());
        service.createKeyPairIfNotExists("edge-ca", "rsa-2048");

        service.move("edge-ca-temp", "edge-ca");

        assertTrue(service.find("edge-ca-temp").isEmpty());
        KeyPairInfo moved = service.get("edge-ca");
        assertEquals(KeyAlgorithm.EC_P384, moved.algorithm());
        assertTrue(PublicKeyMatch.sameKey(imported.getPublic(), moved.publicKey()));
        service.delete("edge-ca");
        service.delete("edge-ca");
        assertTrue(service.find("edge-ca").isEmpty());
        assertRule(assertThrows(KeyException.class, () -> service.get("edge-ca")), "edge-ca",
                "no key with this id exists");
    }

    @Test
    void concurrent_creation_of_one_id_yields_exactly_one_key() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<KeyPairInfo>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return service.createKeyPairIfNotExists("aziot-edged-ca", "rsa-2048");
                }));
            }
            Set<PublicKey> publicKeys = new HashSet<>();
            for (Future<KeyPairInfo> result : results) {
                publicKeys.add(result.get(60, TimeUnit.SECONDS).publicKey());
            }

            assertEquals(1, publicKeys.size());
            assertEquals(1, provider.generations.get());
            try (Stream<Path> stored = Files.list(keys)) {
                assertEquals(1, stored.count());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generating_one_key_does_not_block_another_id() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountingKeyProvider slow = new CountingKeyProvider(files) {
            @Override
            void beforeGenerate(String keyId) throws InterruptedException {
                if (keyId.equals("slow")) {
                    holding.countDown();
                    release.await();
                }
            }
        };
        service.unbindKeyProvider(provider);
        service.bindKeyProvider(slow, Map.of("scheme", "file"));
        Thread slowCreation = new Thread(() -> {
            try {
                service.createKeyPairIfNotExists("slow", "*");
            } catch (KeyException e) {
                throw new IllegalStateException(e);
            }
        });
        slowCreation.start();
        try {
            assertTrue(holding.await(5, TimeUnit.SECONDS));

            assertEquals(KeyAlgorithm.EC_P256, service.createKeyPairIfNotExists("fast", "*").algorithm());
        } finally {
            release.countDown();
            slowCreation.join(10_000);
        }
        assertTrue(service.find("slow").isPresent());
    }

    @Test
    void a_missing_provider_gives_a_retryable_error_after_the_configured_wait() {
        service.configure(new String[] {"hsm-key=pkcs11:token=edge;object=k?pin-value=1234"}, "file", 0);

        KeyException e = assertThrows(KeyException.class, () -> service.get("hsm-key"));

        assertEquals("hsm-key: no key provider for scheme 'pkcs11' is available (retryable)", e.getMessage());
        assertTrue(e.isRetryable());
    }

    @Test
    void a_missing_base_provider_is_awaited_and_used_when_it_returns() throws Exception {
        service.configure(new String[0], "file", 5);
        service.unbindKeyProvider(provider);
        Thread returning = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            service.bindKeyProvider(provider, Map.of("scheme", "file"));
        });
        returning.start();

        assertEquals(KeyAlgorithm.EC_P256, service.createKeyPairIfNotExists("k", "*").algorithm());
        returning.join();
    }

    @Test
    void an_invalid_configuration_is_rejected_and_the_previous_one_stays_in_force() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.configure(new String[] {"device-id=file:relative.pem"}, "file", 1));

        assertTrue(e.getMessage().startsWith("preloaded_keys entry 'device-id=file:relative.pem' is not valid"));
        assertEquals(preloaded.toUri(), service.get("device-id").location());
    }

    @Test
    void a_new_configuration_applies_in_place() throws Exception {
        service.configure(new String[0], "file", 1);

        KeyPairInfo created = service.createKeyPairIfNotExists("device-id", "*");

        assertEquals(files.baseLocation("device-id").orElseThrow(), created.location());
    }

    @Test
    void invalid_ids_are_rejected() {
        for (String id : new String[] {"", "a\u0000b", "x".repeat(256), null}) {
            KeyException e = assertThrows(KeyException.class, () -> service.createKeyPairIfNotExists(id, "*"));
            assertTrue(e.getMessage().startsWith("key id '"), e.getMessage());
            assertThrows(KeyException.class, () -> service.find(id));
            assertThrows(KeyException.class, () -> service.sign(id, "SHA256withECDSA", DATA));
        }
    }

    @Test
    void the_key_manager_rejects_a_certificate_that_does_not_match_the_key() throws Exception {
        service.createKeyPairIfNotExists("server", "*");
        X509Certificate foreign = TestKeys.selfSigned(TestKeys.ec("secp256r1"), "SHA256withECDSA");

        KeyException e = assertThrows(KeyException.class, () -> service.keyManager("server", List.of(foreign)));

        assertEquals("server: certificate does not match key", e.getMessage());
        assertThrows(KeyException.class, () -> service.keyManager("server", List.of()));
    }

    @Test
    void the_key_manager_presents_the_chain_and_the_key() throws Exception {
        KeyPairInfo key = service.createKeyPairIfNotExists("server", "rsa-2048");
        X509Certificate certificate = TestKeys.selfSigned(service, key);

        var keyManager = service.keyManager("server", List.of(certificate));

        assertArrayEquals(new String[] {"server"}, keyManager.getServerAliases("RSA", null));
        assertEquals(null, keyManager.getServerAliases("EC", null));
        assertEquals("server", keyManager.chooseClientAlias(new String[] {"EC", "RSA"}, null, null));
        assertArrayEquals(new X509Certificate[] {certificate}, keyManager.getCertificateChain("server"));
        assertEquals("RSA", keyManager.getPrivateKey("server").getAlgorithm());
        assertEquals(null, keyManager.getPrivateKey("other"));
    }

    @Test
    void reconfiguring_where_keys_live_is_announced_with_the_ids_concerned() {
        java.util.List<org.osgi.service.event.Event> posted = new java.util.ArrayList<>();
        service.eventAdmin = new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(org.osgi.service.event.Event event) {
                posted.add(event);
            }
        };
        service.configure(new String[0], "file", 5);
        posted.clear();
        service.configure(new String[0], "file", 7);
        assertEquals(List.of(), posted, "a timeout change moves no key");
        service.configure(new String[] {"aziot-edged-ca=pkcs11:token=edge;object=ca?pin-value=1234"}, "file", 7);
        assertEquals(1, posted.size());
        assertEquals(org.edgepki.api.key.KeyEvents.TOPIC_ROUTES_CHANGED, posted.get(0).getTopic());
        assertArrayEquals(new String[] {"aziot-edged-ca"},
                (String[]) posted.get(0).getProperty(org.edgepki.api.key.KeyEvents.KEY_IDS));
        assertEquals(false, posted.get(0).getProperty(org.edgepki.api.key.KeyEvents.BASE_CHANGED));
        posted.clear();
        service.configure(new String[] {"aziot-edged-ca=pkcs11:token=edge;object=ca?pin-value=1234"}, "pkcs11", 7);
        assertEquals(true, posted.get(0).getProperty(org.edgepki.api.key.KeyEvents.BASE_CHANGED));
    }
}
