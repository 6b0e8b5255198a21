package org.edgepki.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider against a real SoftHSM2 token. */
class Pkcs11KeyProviderTest {
    @TempDir
    Path dir;
    private final List<Pkcs11KeyProvider> providers = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    @AfterEach
    void close() {
        providers.forEach(Pkcs11KeyProvider::deactivate);
        for (String message : messages) {
            // Whole numbers only: a listed slot id such as 931234966 merely contains the digits.
            assertFalse(message.matches("(?s).*(?<![0-9])(" + SoftHsm.USER_PIN + "|0000)(?![0-9]).*"),
                    "a message shows a PIN: " + message);
        }
    }

    private Pkcs11KeyProvider provider(String library, String baseSlot) {
        Pkcs11KeyProvider provider = new Pkcs11KeyProvider();
        provider.configure(library, baseSlot);
        providers.add(provider);
        return provider;
    }

    private Pkcs11KeyProvider onNewToken(String label) {
        return provider(SoftHsm.LIBRARY, "pkcs11:token=" + label + "?pin-value=" + SoftHsm.USER_PIN);
    }

    private KeyException fails(org.junit.jupiter.api.function.Executable call) {
        KeyException error = assertThrows(KeyException.class, call);
        messages.add(error.getMessage());
        return error;
    }

    private static void verifies(PublicKey key, String algorithm, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(data);
        assertTrue(verifier.verify(signature), algorithm + " signature verifies with the public key");
    }

    @Test
    void generates_on_the_base_slot_signs_and_finds_the_key_again_after_a_restart() throws Exception {
        String label = SoftHsm.newToken();
        Pkcs11KeyProvider provider = onNewToken(label);
        URI location = provider.baseLocation("aziot-edged/module/edgeHub:server").orElseThrow();
        assertEquals("pkcs11:token=" + label + ";object=aziot-edged%2Fmodule%2FedgeHub%3Aserver;type=private",
                location.toString());
        KeyPairInfo generated = provider.generate("edgeHub", location, KeyAlgorithm.EC_P256);
        assertEquals(location, generated.location(), "the location shown has no PIN");
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        verifies(generated.publicKey(), "SHA256withECDSA", data, provider.sign("edgeHub", location, "SHA256withECDSA", data));

        provider.deactivate();
        Pkcs11KeyProvider restarted = onNewToken(label);
        KeyPairInfo found = restarted.find("edgeHub", location).orElseThrow();
        assertEquals(generated.publicKey(), found.publicKey());
        assertEquals(KeyAlgorithm.EC_P256, found.algorithm());
    }

    @Test
    void generated_keys_are_persistent_private_sensitive_and_never_extractable() throws Exception {
        String label = SoftHsm.newToken();
        Pkcs11KeyProvider provider = onNewToken(label);
        URI location = provider.baseLocation("aziot-edged-ca").orElseThrow();
        provider.generate("aziot-edged-ca", location, KeyAlgorithm.EC_P384);
        String objects = TokenObjects.list(label);
        assertTrue(objects.contains("label:      aziot-edged-ca"), objects);
        assertTrue(objects.matches("(?s).*Private Key Object.*never extractable.*"), objects);
        assertTrue(objects.matches("(?s).*Private Key Object.*sensitive.*"), objects);
        String withoutLogin = TokenObjects.listPublic(label);
        assertFalse(withoutLogin.contains("Private Key Object"), "the private key is a private object: " + withoutLogin);
    }

    @Test
    void rsa_keys_sign_pkcs1_v1_5() throws Exception {
        Pkcs11KeyProvider provider = onNewToken(SoftHsm.newToken());
        URI location = provider.baseLocation("device-id").orElseThrow();
        KeyPairInfo key = provider.generate("device-id", location, KeyAlgorithm.RSA_2048);
        assertEquals(KeyAlgorithm.RSA_2048, key.algorithm());
        byte[] data = new byte[1000];
        verifies(key.publicKey(), "SHA256withRSA", data, provider.sign("device-id", location, "SHA256withRSA", data));
        verifies(key.publicKey(), "SHA384withRSA", data, provider.sign("device-id", location, "SHA384withRSA", data));
        KeyException wrong = fails(() -> provider.sign("device-id", location, "SHA256withECDSA", data));
        assertTrue(wrong.getMessage().contains("does not fit"), wrong.getMessage());
    }

    @Test
    void rotation_moves_the_temporary_key_over_the_old_one() throws Exception {
        Pkcs11KeyProvider provider = onNewToken(SoftHsm.newToken());
        URI current = provider.baseLocation("aziot-edged-ca").orElseThrow();
        URI temporary = provider.baseLocation("aziot-edged-ca-temp").orElseThrow();
        KeyPairInfo old = provider.generate("aziot-edged-ca", current, KeyAlgorithm.EC_P256);
        KeyPairInfo next = provider.generate("aziot-edged-ca-temp", temporary, KeyAlgorithm.EC_P256);
        provider.move(temporary, current);
        assertEquals(next.publicKey(), provider.find("aziot-edged-ca", current).orElseThrow().publicKey());
        assertFalse(old.publicKey().equals(next.publicKey()));
        assertEquals(Optional.empty(), provider.find("aziot-edged-ca-temp", temporary));
        KeyException nothing = fails(() -> provider.move(temporary, current));
        assertTrue(nothing.getMessage().contains("no key to move"), nothing.getMessage());
    }

    @Test
    void generate_replaces_and_delete_removes() throws Exception {
        Pkcs11KeyProvider provider = onNewToken(SoftHsm.newToken());
        URI location = provider.baseLocation("k").orElseThrow();
        KeyPairInfo first = provider.generate("k", location, KeyAlgorithm.EC_P256);
        KeyPairInfo second = provider.generate("k", location, KeyAlgorithm.EC_P256);
        assertFalse(first.publicKey().equals(second.publicKey()));
        assertEquals(second.publicKey(), provider.find("k", location).orElseThrow().publicKey(), "one key, the new one");
        provider.delete("k", location);
        assertEquals(Optional.empty(), provider.find("k", location));
        provider.delete("k", location);
    }

    @Test
    void requests_during_reconfigurations_neither_fail_nor_share_the_token_between_two_sessions() throws Exception {
        String label = SoftHsm.newToken();
        String baseSlot = "pkcs11:token=" + label + "?pin-value=" + SoftHsm.USER_PIN;
        Pkcs11KeyProvider provider = provider(SoftHsm.LIBRARY, baseSlot);
        URI location = provider.baseLocation("k").orElseThrow();
        provider.generate("k", location, KeyAlgorithm.EC_P256);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread requester = new Thread(() -> {
            byte[] data = new byte[32];
            while (running.get()) {
                try {
                    if (requests.getAndIncrement() % 2 == 0) {
                        provider.generate("k", location, KeyAlgorithm.EC_P256);
                    } else {
                        provider.find("k", location).orElseThrow();
                        provider.sign("k", location, "SHA256withECDSA", data);
                    }
                } catch (KeyException | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        });
        requester.start();
        try {
            for (int reconfigurations = 0; reconfigurations < 20 || requests.get() < 60; reconfigurations++) {
                provider.configure(SoftHsm.LIBRARY, baseSlot);
                Thread.sleep(5);
            }
        } finally {
            running.set(false);
            requester.join();
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void tokens_are_selected_by_label_or_slot_id_and_keys_by_label_or_id() throws Exception {
        String label = SoftHsm.newToken();
        TokenObjects.generateEcKey(label, "made-elsewhere", "a1b2");
        long slotId = TokenObjects.slotId(label);
        Pkcs11KeyProvider provider = provider(SoftHsm.LIBRARY, "");
        URI byLabel = URI.create("pkcs11:token=" + label + ";object=made-elsewhere?pin-value=" + SoftHsm.USER_PIN);
        URI bySlotAndId = URI.create("pkcs11:slot-id=" + slotId + ";id=%A1%B2;type=private?pin-value=" + SoftHsm.USER_PIN);
        KeyPairInfo one = provider.find("preloaded", byLabel).orElseThrow();
        KeyPairInfo two = provider.find("preloaded", bySlotAndId).orElseThrow();
        assertEquals(one.publicKey(), two.publicKey());
        assertFalse(one.location().toString().contains("pin"), "the location shown has no PIN: " + one.location());
        byte[] data = new byte[64];
        verifies(one.publicKey(), "SHA256withECDSA", data, provider.sign("preloaded", bySlotAndId, "SHA256withECDSA", data));
    }

    @Test
    void the_pin_can_come_from_a_file() throws Exception {
        String label = SoftHsm.newToken();
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.USER_PIN + "\n");
        Pkcs11KeyProvider provider = provider(SoftHsm.LIBRARY, "pkcs11:token=" + label + "?pin-source=" + pinFile.toUri());
        URI location = provider.baseLocation("k").orElseThrow();
        assertEquals(KeyAlgorithm.EC_P256, provider.generate("k", location, KeyAlgorithm.EC_P256).algorithm());
        Pkcs11KeyProvider missing = provider(SoftHsm.LIBRARY, "pkcs11:token=" + label + "?pin-source="
                + dir.resolve("nope").toUri());
        KeyException error = fails(() -> missing.find("k", location));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void a_wrong_pin_is_reported_once_and_never_sent_again() throws Exception {
        String label = SoftHsm.newToken();
        Pkcs11KeyProvider provider = provider(SoftHsm.LIBRARY, "pkcs11:token=" + label + "?pin-value=0000");
        URI location = provider.baseLocation("k").orElseThrow();
        KeyException first = fails(() -> provider.generate("k", location, KeyAlgorithm.EC_P256));
        assertTrue(first.getMessage().contains("rejected the PIN"), first.getMessage());
        assertFalse(first.isRetryable());
        KeyException second = fails(() -> provider.find("k", location));
        assertTrue(second.getMessage().contains("not trying this PIN again"), second.getMessage());
    }

    @Test
    void the_token_check_loads_the_library_even_without_a_base_slot() throws Exception {
        List<Finding> missing = provider("/usr/lib/nope/libpkcs11.so", "").run();
        assertEquals(1, missing.size(), missing.toString());
        assertEquals(Severity.ERROR, missing.get(0).severity(), missing.toString());
        assertTrue(missing.get(0).message().contains("does not exist"), missing.get(0).message());
        Path notALibrary = Files.writeString(dir.resolve("libfake.so"), "not a shared object");
        assertEquals(Severity.ERROR, provider(notALibrary.toString(), "").run().get(0).severity());

        List<Finding> loaded = provider(SoftHsm.LIBRARY, "").run();
        assertEquals(Severity.OK, loaded.get(0).severity(), loaded.toString());
        assertTrue(loaded.get(0).message().contains("loaded"), loaded.get(0).message());
    }

    @Test
    void bad_library_token_and_uris_are_clear_errors_without_the_pin() throws Exception {
        String label = SoftHsm.newToken();
        URI key = URI.create("pkcs11:token=" + label + ";object=k?pin-value=" + SoftHsm.USER_PIN);

        KeyException noLibrary = fails(() -> provider("/usr/lib/nope/libpkcs11.so", "").find("k", key));
        assertTrue(noLibrary.getMessage().contains("/usr/lib/nope/libpkcs11.so"), noLibrary.getMessage());
        KeyException unconfigured = fails(() -> provider("", "").find("k", key));
        assertTrue(unconfigured.getMessage().contains("pkcs11_lib_path"), unconfigured.getMessage());

        Pkcs11KeyProvider provider = provider(SoftHsm.LIBRARY, "");
        KeyException absent = fails(() -> provider.find("k", URI.create("pkcs11:token=absent;object=k?pin-value="
                + SoftHsm.USER_PIN)));
        assertTrue(absent.getMessage().contains("no present token matches"), absent.getMessage());
        assertTrue(absent.getMessage().contains("token=" + label), "lists the tokens present: " + absent.getMessage());
        assertTrue(absent.isRetryable(), "a removable token may come back");

        KeyException slot = fails(() -> provider.find("k", URI.create("pkcs11:slot-id=999999;object=k")));
        assertTrue(slot.getMessage().contains("no present token matches"), slot.getMessage());

        assertEquals(Optional.empty(), provider.find("k", key), "no object with that label: no key");

        KeyException malformed = fails(() -> provider.find("k", URI.create("pkcs11:token=" + label + ";label=k?pin-value="
                + SoftHsm.USER_PIN)));
        assertTrue(malformed.getMessage().contains("unknown path attribute 'label'"), malformed.getMessage());

        KeyException publicKey = fails(() -> provider.find("k", URI.create("pkcs11:token=" + label
                + ";object=k;type=public?pin-value=" + SoftHsm.USER_PIN)));
        assertTrue(publicKey.getMessage().contains("type=public"), publicKey.getMessage());

        KeyException imported = fails(() -> provider.store("k", key, null));
        assertTrue(imported.getMessage().contains("generated there"), imported.getMessage());
    }
}
