package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadedCertificatesTest {
    @TempDir
    Path home;
    @TempDir
    Path etc;
    private StoreFixture fixture;
    private List<X509Certificate> chain;
    private Path chainFile;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StoreFixture(home);
        chain = TestPki.certificates(TestPki.chain("edge-ca"));
        chainFile = TestPki.write(etc.resolve("edge-ca.pem"), TestPki.pem(chain.toArray()));
    }

    @Test
    void a_preloaded_chain_is_read_where_it_is_and_marked_preloaded() throws Exception {
        CertificateStore store = fixture.store("aziot-edged-ca=" + chainFile.toUri());

        StoredCertificate preloaded = store.get("aziot-edged-ca");

        assertEquals(chain, preloaded.chain());
        assertTrue(preloaded.preloaded());
        assertEquals(chainFile.toUri(), preloaded.location());
        assertFalse(Files.exists(home.resolve("certd")), "nothing is written for a preloaded chain");
    }

    @Test
    void a_preloaded_der_certificate_is_read() throws Exception {
        Path der = TestPki.write(etc.resolve("root.cer"), chain.get(2).getEncoded());

        CertificateStore store = fixture.store("root=" + der.toUri());

        assertEquals(List.of(chain.get(2)), store.get("root").chain());
    }

    @Test
    void an_id_given_several_times_concatenates_its_files_in_order() throws Exception {
        List<X509Certificate> other = TestPki.certificates(TestPki.chain("other"));
        Path second = TestPki.write(etc.resolve("second.pem"), TestPki.pem(other.get(2)));
        Path third = TestPki.write(etc.resolve("third.der"), other.get(1).getEncoded());

        CertificateStore store = fixture.store(
                CredentialIds.USER_TRUST_BUNDLE + "=" + chainFile.toUri(),
                CredentialIds.USER_TRUST_BUNDLE + "=" + second.toUri(),
                CredentialIds.USER_TRUST_BUNDLE + "=" + third.toUri());

        List<X509Certificate> expected = new ArrayList<>(chain);
        expected.add(other.get(2));
        expected.add(other.get(1));
        assertEquals(expected, store.get(CredentialIds.USER_TRUST_BUNDLE).chain());
    }

    @Test
    void preloaded_ids_are_listed_with_stored_ids() throws Exception {
        CertificateStore store = fixture.store("aziot-edged-ca=" + chainFile.toUri());
        store.store("device-id", chain);

        assertEquals(List.of("aziot-edged-ca", "device-id"), store.ids());
    }

    @Test
    void a_preloaded_id_cannot_be_stored_deleted_moved_or_imported_and_its_file_is_untouched() throws Exception {
        byte[] before = Files.readAllBytes(chainFile);
        CertificateStore store = fixture.store("aziot-edged-ca=" + chainFile.toUri());
        store.store("other", chain);

        List<CertificateStoreException> errors = List.of(
                assertThrows(CertificateStoreException.class, () -> store.store("aziot-edged-ca", chain)),
                assertThrows(CertificateStoreException.class, () -> store.delete("aziot-edged-ca")),
                assertThrows(CertificateStoreException.class, () -> store.move("aziot-edged-ca", "x")),
                assertThrows(CertificateStoreException.class, () -> store.move("other", "aziot-edged-ca")),
                assertThrows(CertificateStoreException.class,
                        () -> store.importFile("aziot-edged-ca", chainFile, null)));

        for (CertificateStoreException error : errors) {
            assertEquals("aziot-edged-ca", error.subject());
            assertTrue(error.rule().contains("read-only"), error.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(chainFile));
        assertEquals(chain, store.get("other").chain());
    }

    @Test
    void a_missing_preloaded_file_is_rejected_naming_the_file() {
        Path missing = etc.resolve("missing.pem");
        CertificateStore store = fixture.store("aziot-edged-ca=" + missing.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class,
                () -> store.find("aziot-edged-ca"));

        assertEquals(missing.toString(), error.subject());
        assertTrue(error.rule().contains("does not exist"), error.getMessage());
    }

    @Test
    void a_pkcs12_file_cannot_be_preloaded() throws Exception {
        List<TestPki.Issued> issued = TestPki.chain("p12");
        Path key = TestPki.write(etc.resolve("key.pem"), TestPki.pkcs8Pem(issued.get(0).keys()));
        Path cert = TestPki.write(etc.resolve("cert.pem"), TestPki.pem(issued.get(0).certificate()));
        Path p12 = etc.resolve("id.p12");
        OpenSsl.run("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-passout", "pass:x",
                "-out", p12.toString());
        CertificateStore store = fixture.store("device-id=" + p12.toUri());

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> store.get("device-id"));

        assertEquals(p12.toString(), error.subject());
        assertTrue(error.rule().contains("PKCS#12"), error.getMessage());
    }
}
