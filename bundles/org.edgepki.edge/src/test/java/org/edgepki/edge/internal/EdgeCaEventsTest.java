package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.credential.CredentialEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EdgeCaEventsTest {

    @Test
    void a_new_edge_ca_in_use_or_user_trust_bundle_calls_for_the_setup() {
        assertTrue(EdgeCaEvents.callForSetup(inUse(CredentialIds.EDGE_CA)));
        assertTrue(EdgeCaEvents.callForSetup(new Event(CredentialEvents.TOPIC_RENEWAL_FAILED,
                Map.of(CredentialEvents.CREDENTIAL_ID, CredentialIds.EDGE_CA))), "its reason is the edge's to report");
        assertTrue(EdgeCaEvents.callForSetup(stored(CredentialIds.USER_TRUST_BUNDLE, "AAAA")));
        assertTrue(EdgeCaEvents.callForSetup(deleted(CredentialIds.USER_TRUST_BUNDLE)));
    }

    @Test
    void other_credentials_and_certificates_are_ignored() {
        assertFalse(EdgeCaEvents.callForSetup(inUse(CredentialIds.DEVICE_ID)));
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.EDGE_CA, "AAAA")), "the credential service's own"
                + " writes: it says when the chain in use changes");
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.moduleServer("edgeHub"), "CCCC")));
        assertFalse(EdgeCaEvents.callForSetup(stored(CredentialIds.TRUST_BUNDLE, "CCCC")));
    }

    @Test
    void only_a_new_edge_ca_in_use_is_taken_at_once() {
        assertTrue(EdgeCaEvents.edgeCaPutInUse(inUse(CredentialIds.EDGE_CA)));
        assertFalse(EdgeCaEvents.edgeCaPutInUse(inUse(CredentialIds.DEVICE_ID)));
        assertFalse(EdgeCaEvents.edgeCaPutInUse(new Event(CredentialEvents.TOPIC_RENEWAL_FAILED,
                Map.of(CredentialEvents.CREDENTIAL_ID, CredentialIds.EDGE_CA))), "failures are gathered");
        assertFalse(EdgeCaEvents.edgeCaPutInUse(stored(CredentialIds.USER_TRUST_BUNDLE, "AAAA")));
    }

    @Test
    void a_stored_module_certificate_is_told_apart_for_the_issuer_check() {
        assertTrue(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.moduleIdentity("tempSensor"), "CCCC")));
        assertFalse(EdgeCaEvents.moduleCertificateStored(deleted(CredentialIds.moduleServer("edgeHub"))));
        assertFalse(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.moduleServer("edgeHub") + "-temp", "CCCC")),
                "a renewal's temporary copy");
        assertFalse(EdgeCaEvents.moduleCertificateStored(stored(CredentialIds.EDGE_CA, "CCCC")));
    }

    private static Event inUse(String credentialId) {
        return new Event(CredentialEvents.TOPIC_IN_USE, Map.of(CredentialEvents.CREDENTIAL_ID, credentialId));
    }

    private static Event stored(String certId, String thumbprint) {
        return new Event(CertificateEvents.TOPIC_STORED, Map.of(CertificateEvents.CERT_ID, certId,
                CertificateEvents.SHA256_THUMBPRINT, thumbprint, CertificateEvents.NOT_AFTER, 0L));
    }

    private static Event deleted(String certId) {
        return new Event(CertificateEvents.TOPIC_DELETED, Map.of(CertificateEvents.CERT_ID, certId));
    }
}
