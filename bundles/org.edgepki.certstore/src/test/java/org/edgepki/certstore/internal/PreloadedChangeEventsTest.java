package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.StoredCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

/**
 * A configuration change of preloaded_certs tells listeners about every preloaded id it adds,
 * removes or points at other files, so the Edge CA and trust bundle follow config.toml live.
 */
class PreloadedChangeEventsTest {
    private static final String EDGE_CA = CredentialIds.EDGE_CA;
    private static final String TRUST = CredentialIds.USER_TRUST_BUNDLE;
    @TempDir
    Path home;
    @TempDir
    Path etc;
    private StoreFixture fixture;
    private List<X509Certificate> chain;
    private List<X509Certificate> otherChain;
    private Path chainFile;
    private Path otherFile;
    private Path rootFile;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StoreFixture(home);
        chain = TestPki.certificates(TestPki.chain("edge-ca"));
        otherChain = TestPki.certificates(TestPki.chain("other-edge-ca"));
        chainFile = TestPki.write(etc.resolve("edge-ca.pem"), TestPki.pem(chain.toArray()));
        otherFile = TestPki.write(etc.resolve("other-edge-ca.pem"), TestPki.pem(otherChain.toArray()));
        rootFile = TestPki.write(etc.resolve("root.pem"), TestPki.pem(chain.get(2)));
    }

    @Test
    void an_added_preloaded_id_posts_stored_with_its_chain() throws Exception {
        CertificateStore before = fixture.store(TRUST + "=" + rootFile.toUri());
        CertificateStore after = before.withSettings(fixture.settings(TRUST + "=" + rootFile.toUri(),
                EDGE_CA + "=" + chainFile.toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(List.of(CertificateEvents.TOPIC_STORED), fixture.events.topics());
        assertStored(fixture.events.posted().get(0), after.get(EDGE_CA));
    }

    @Test
    void a_preloaded_id_pointed_at_other_files_posts_stored_with_the_new_chain() throws Exception {
        CertificateStore before = fixture.store(EDGE_CA + "=" + chainFile.toUri());
        CertificateStore after = before.withSettings(fixture.settings(EDGE_CA + "=" + otherFile.toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(1, fixture.events.posted().size());
        assertStored(fixture.events.posted().get(0), after.get(EDGE_CA));
        assertEquals(otherChain, after.get(EDGE_CA).chain());
    }

    @Test
    void files_of_one_id_in_another_order_are_a_change() throws Exception {
        CertificateStore before = fixture.store(TRUST + "=" + rootFile.toUri(), TRUST + "=" + otherFile.toUri());
        CertificateStore after = before.withSettings(
                fixture.settings(TRUST + "=" + otherFile.toUri(), TRUST + "=" + rootFile.toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(List.of(CertificateEvents.TOPIC_STORED), fixture.events.topics());
        assertEquals(TRUST, fixture.events.posted().get(0).getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void a_removed_preloaded_id_posts_deleted() throws Exception {
        CertificateStore before = fixture.store(EDGE_CA + "=" + chainFile.toUri(), TRUST + "=" + rootFile.toUri());
        CertificateStore after = before.withSettings(fixture.settings(EDGE_CA + "=" + chainFile.toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(List.of(CertificateEvents.TOPIC_DELETED), fixture.events.topics());
        assertEquals(TRUST, fixture.events.posted().get(0).getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void a_removed_preloaded_id_over_a_stored_chain_posts_stored_with_the_stored_chain() throws Exception {
        // Back from manual to quickstart: the quickstart Edge CA stored earlier shows again.
        StoredCertificate quickstart = fixture.store().store(EDGE_CA, otherChain);
        CertificateStore before = fixture.store(EDGE_CA + "=" + chainFile.toUri());
        CertificateStore after = before.withSettings(fixture.settings());
        int earlier = fixture.events.posted().size();

        after.announcePreloadedChanges(before);

        List<Event> posted = fixture.events.posted().subList(earlier, fixture.events.posted().size());
        assertEquals(1, posted.size());
        assertStored(posted.get(0), quickstart);
    }

    @Test
    void a_preloaded_id_whose_new_file_cannot_be_read_posts_deleted() throws Exception {
        CertificateStore before = fixture.store(EDGE_CA + "=" + chainFile.toUri());
        CertificateStore after = before.withSettings(
                fixture.settings(EDGE_CA + "=" + etc.resolve("missing.pem").toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(List.of(CertificateEvents.TOPIC_DELETED), fixture.events.topics());
        assertEquals(EDGE_CA, fixture.events.posted().get(0).getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void unchanged_preloaded_ids_post_nothing() throws Exception {
        CertificateStore before = fixture.store(EDGE_CA + "=" + chainFile.toUri(), TRUST + "=" + rootFile.toUri());
        CertificateStore after = before.withSettings(
                fixture.settings(TRUST + "=" + rootFile.toUri(), EDGE_CA + "=" + chainFile.toUri()));

        after.announcePreloadedChanges(before);

        assertEquals(List.of(), fixture.events.posted());
    }

    private static void assertStored(Event event, StoredCertificate expected) {
        assertEquals(CertificateEvents.TOPIC_STORED, event.getTopic());
        assertEquals(expected.id(), event.getProperty(CertificateEvents.CERT_ID));
        assertEquals(expected.sha256Thumbprint(), event.getProperty(CertificateEvents.SHA256_THUMBPRINT));
        assertEquals(expected.leaf().getNotAfter().getTime(), event.getProperty(CertificateEvents.NOT_AFTER));
    }
}
