package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.common.files.StoreFileName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.service.event.Event;

class CertificateStoreTest {
    @TempDir
    Path home;
    private StoreFixture fixture;
    private CertificateStore store;
    private List<X509Certificate> chain;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StoreFixture(home);
        store = fixture.store();
        chain = TestPki.certificates(TestPki.chain("device-1"));
    }

    @Test
    void a_stored_chain_is_read_back_leaf_first_by_a_fresh_store_on_the_same_home() throws Exception {
        store.store("device-id", chain);

        StoredCertificate reread = fixture.store().get("device-id");

        assertEquals(chain, reread.chain());
        assertEquals("device-id", reread.id());
        assertFalse(reread.preloaded());
        assertEquals(fixture.storedFile("device-id").toUri(), reread.location());
    }

    @Test
    void a_stored_chain_is_a_plain_pem_file_named_as_iot_edge_names_it() throws Exception {
        store.store("aziot-edged-ca", chain);

        Path file = home.resolve("certd/certs").resolve(StoreFileName.of("aziot-edged-ca", ".cer"));
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        assertEquals(3, pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1);
        assertTrue(file.getFileName().toString().startsWith("aziotedgedca-"));
    }

    @Test
    void stored_files_are_0644_in_0755_directories() throws Exception {
        store.store("device-id", chain);

        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fixture.storedFile("device-id"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("certd/certs"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("certd"))));
    }

    @Test
    void thumbprints_equal_openssl_fingerprints_of_the_leaf() throws Exception {
        StoredCertificate stored = store.store("device-id", chain);

        Path leafPem = TestPki.write(home.resolve("leaf.pem"), TestPki.pem(chain.get(0)));
        assertEquals(OpenSsl.fingerprint(leafPem, "-sha256"), stored.sha256Thumbprint());
        assertEquals(OpenSsl.fingerprint(leafPem, "-sha1"), stored.sha1Thumbprint());
        assertEquals(64, stored.sha256Thumbprint().length());
    }

    @Test
    void a_missing_id_is_not_found_and_get_names_it() throws Exception {
        assertTrue(store.find("nothing-here").isEmpty());
        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.get("nothing-here"));
        assertEquals("nothing-here", error.subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "line\nbreak"})
    void an_invalid_id_is_rejected(String certId) {
        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.store(certId, chain));
        assertTrue(error.rule().contains("not a valid certificate id"), error.getMessage());
    }

    @Test
    void an_empty_chain_is_rejected() {
        assertThrows(CertificateStoreException.class, () -> store.store("device-id", List.of()));
        assertFalse(Files.exists(fixture.storedFile("device-id")));
    }

    @Test
    void storing_posts_a_stored_event_with_id_thumbprint_and_not_after() throws Exception {
        StoredCertificate stored = store.store("device-id", chain);

        Event event = fixture.events.posted().get(0);
        assertEquals(CertificateEvents.TOPIC_STORED, event.getTopic());
        assertEquals("device-id", event.getProperty(CertificateEvents.CERT_ID));
        assertEquals(stored.sha256Thumbprint(), event.getProperty(CertificateEvents.SHA256_THUMBPRINT));
        assertEquals(chain.get(0).getNotAfter().getTime(), event.getProperty(CertificateEvents.NOT_AFTER));
    }

    @Test
    void storing_without_event_admin_still_works() throws Exception {
        CertificateStore withoutEvents = new CertificateStore(
                StoreSettings.parse(home.toString(), new String[0], 1, property -> null),
                fixture.keyService, () -> null);

        withoutEvents.store("device-id", chain);

        assertEquals(chain, withoutEvents.get("device-id").chain());
    }

    @Test
    void delete_removes_the_chain_and_its_id_and_posts_a_deleted_event() throws Exception {
        store.store("device-id", chain);

        store.delete("device-id");

        assertTrue(store.find("device-id").isEmpty());
        assertEquals(List.of(), store.ids());
        Event deleted = fixture.events.posted().get(1);
        assertEquals(CertificateEvents.TOPIC_DELETED, deleted.getTopic());
        assertEquals("device-id", deleted.getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void deleting_a_missing_id_is_not_an_error_and_posts_no_event() throws Exception {
        store.delete("never-stored");

        assertEquals(List.of(), fixture.events.posted());
    }

    @Test
    void move_renames_the_chain_and_posts_deleted_for_the_source_then_stored_for_the_target() throws Exception {
        store.store("device-id-temp", chain);

        store.move("device-id-temp", "device-id");

        assertTrue(store.find("device-id-temp").isEmpty());
        assertEquals(chain, store.get("device-id").chain());
        assertEquals(List.of("device-id"), store.ids());
        assertEquals(List.of(CertificateEvents.TOPIC_STORED, CertificateEvents.TOPIC_DELETED,
                CertificateEvents.TOPIC_STORED), fixture.events.topics());
        assertEquals("device-id-temp", fixture.events.posted().get(1).getProperty(CertificateEvents.CERT_ID));
        assertEquals("device-id", fixture.events.posted().get(2).getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void move_replaces_a_chain_at_the_target() throws Exception {
        List<X509Certificate> older = TestPki.certificates(TestPki.chain("older"));
        store.store("device-id", older);
        store.store("device-id-temp", chain);

        store.move("device-id-temp", "device-id");

        assertEquals(chain, store.get("device-id").chain());
    }

    @Test
    void moving_a_missing_id_is_an_error_naming_it() {
        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.move("missing", "device-id"));
        assertEquals("missing", error.subject());
        assertTrue(fixture.events.posted().isEmpty());
    }

    @Test
    void moving_an_id_onto_itself_changes_nothing() throws Exception {
        store.store("device-id", chain);

        store.move("device-id", "device-id");

        assertEquals(chain, store.get("device-id").chain());
        assertEquals(List.of(CertificateEvents.TOPIC_STORED), fixture.events.topics());
    }

    @Test
    void ids_lists_stored_ids_sorted_and_survives_a_fresh_store() throws Exception {
        store.store("b", chain);
        store.store("a", chain);
        store.store("aziot-edged/module/edgeHub:server", chain);

        assertEquals(List.of("a", "aziot-edged/module/edgeHub:server", "b"), fixture.store().ids());
    }

    @Test
    void ids_ignores_an_index_line_whose_file_was_never_written() throws Exception {
        store.store("a", chain);
        // What a crash between recording the id and writing its file leaves behind.
        Files.writeString(home.resolve("certd/index"), "a\nghost\n");

        assertEquals(List.of("a"), fixture.store().ids());
        fixture.store().store("b", chain);
        assertEquals("a\nb\n", Files.readString(home.resolve("certd/index")));
    }

    @Test
    void a_stored_file_that_became_corrupt_is_reported_naming_the_file() throws Exception {
        store.store("device-id", chain);
        Path file = fixture.storedFile("device-id");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\nMIIB\n");

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.find("device-id"));
        assertEquals(file.toString(), error.subject());
    }

    @Test
    void concurrent_stores_of_different_ids_all_land_in_the_index_and_on_disk() throws Exception {
        int count = 64;
        // two stores, as a configuration change leaves for a while: they share the locks of one index
        CertificateStore other = store.withSettings(fixture.settings());
        List<Callable<StoredCertificate>> stores = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String certId = "module-" + i;
            CertificateStore writer = i % 2 == 0 ? store : other;
            stores.add(() -> writer.store(certId, chain));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<StoredCertificate> stored : pool.invokeAll(stores)) {
                stored.get();
            }
        } finally {
            pool.shutdownNow();
        }

        CertificateStore fresh = fixture.store();
        assertEquals(count, fresh.ids().size());
        for (int i = 0; i < count; i++) {
            assertEquals(chain, fresh.get("module-" + i).chain());
        }
        assertEquals(count, fixture.events.posted().size());
        assertNoTemporaryFilesLeft();
    }

    @Test
    void a_change_of_an_id_waits_for_another_change_of_that_id_but_not_for_changes_of_other_ids() throws Exception {
        List<TestPki.Issued> imported = TestPki.chain("device-1");
        Path file = TestPki.write(home.resolve("import.pem"),
                TestPki.pem(imported.get(0).certificate(), imported.get(0).keys()));
        CountDownLatch inKeyService = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // an import holds its id's lock while the key service takes the key: it is held there
        fixture.keys.holdImports(inKeyService, release);
        List<X509Certificate> other = TestPki.certificates(TestPki.chain("device-2"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<StoredCertificate> importing = pool.submit(() -> store.importFile("device-a", file, null));
            assertTrue(inKeyService.await(10, TimeUnit.SECONDS));

            pool.submit(() -> store.store("device-b", other)).get(10, TimeUnit.SECONDS);
            Future<StoredCertificate> sameId = pool.submit(() -> store.store("device-a", other));
            assertThrows(TimeoutException.class, () -> sameId.get(300, TimeUnit.MILLISECONDS));

            release.countDown();
            importing.get(10, TimeUnit.SECONDS);
            sameId.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(other, store.get("device-a").chain()); // the change that waited came last
        assertEquals(List.of("device-a", "device-b"), store.ids());
    }

    private void assertNoTemporaryFilesLeft() throws IOException {
        try (var files = Files.list(home.resolve("certd/certs"))) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")));
        }
    }
}
