package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EdgeCaEventsTest {

    @Test
    void a_new_edge_ca_or_user_trust_bundle_calls_for_the_setup() {
        assertTrue(EdgeCaEvents.callForSetup(stored(CredentialIds.EDGE_CA, "BBBB"), "AAAA"));
        assertTrue(EdgeCaEvents.callForSetup(deleted(CredentialIds.EDGE_CA), "AAAA"));
        assertTrue(EdgeCaEvents.callForSetup(stored(CredentialIds.USER_TRUST_BUNDLE, "AAAA"), "AAAA"));
        assertTrue(EdgeCaEvents.callForSetup(deleted(CredentialIds.USER_TRUST_BUNDLE), null));
    }

    @Test
    void the_edge_ca_in_use_being_stored_is_no_change() {
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.EDGE_CA, "AAAA"), "AAAA"));
    }

    @Test
    void after_a_failed_setup_any_edge_ca_event_calls_for_it_again() {
        assertTrue(EdgeCaEvents.callForSetup(stored(CredentialIds.EDGE_CA, "AAAA"), null));
    }

    @Test
    void other_certificates_are_ignored() {
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.moduleServer("edgeHub"), "CCCC"), null));
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.TRUST_BUNDLE, "CCCC"), null));
        assertFalse(EdgeCaEvents.watched(deleted(CredentialIds.DEVICE_ID)));
    }

    @Test
    void a_stored_module_certificate_is_told_apart_for_the_issuer_check() {
        assertTrue(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.moduleIdentity("tempSensor"), "CCCC")));
        assertFalse(EdgeCaEvents.moduleCertificateStored(deleted(CredentialIds.moduleServer("edgeHub"))));
        assertFalse(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.moduleServer("edgeHub") + "-temp", "CCCC")),
                "a renewal's temporary copy");
        assertFalse(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.EDGE_CA, "CCCC")));
    }

    @Test
    void a_change_of_where_the_edge_ca_key_lives_calls_for_the_setup() {
        assertTrue(EdgeCaEvents.callForSetup(routes(true), "AAAA"), "keys moved to another provider");
        assertTrue(EdgeCaEvents.callForSetup(routes(false, CredentialIds.EDGE_CA), "AAAA"), "[edge_ca] pk changed");
        assertFalse(EdgeCaEvents.watched(routes(false, CredentialIds.DEVICE_ID)), "another preloaded key");
    }

    private static Event routes(boolean baseChanged, String... keyIds) {
        return new Event(org.edgepki.api.key.KeyEvents.TOPIC_ROUTES_CHANGED, Map.of(
                org.edgepki.api.key.KeyEvents.KEY_IDS, keyIds, org.edgepki.api.key.KeyEvents.BASE_CHANGED, baseChanged));
    }

    private static Event stored(String certId, String thumbprint) {
        return new Event(CertificateEvents.TOPIC_STORED, Map.of(CertificateEvents.CERT_ID, certId,
                CertificateEvents.SHA256_THUMBPRINT, thumbprint, CertificateEvents.NOT_AFTER, 0L));
    }

    private static Event deleted(String certId) {
        return new Event(CertificateEvents.TOPIC_DELETED, Map.of(CertificateEvents.CERT_ID, certId));
    }
}
