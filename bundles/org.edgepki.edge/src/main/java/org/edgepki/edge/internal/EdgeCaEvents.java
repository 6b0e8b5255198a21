package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;
import static org.edgepki.api.CredentialIds.USER_TRUST_BUNDLE;

import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.credential.CredentialEvents;
import org.osgi.service.event.Event;

/**
 * Which events call for the edge to look at its Edge CA again: the credential service put another Edge CA
 * chain in use or failed to set one up (its reason is the edge's to report), or the user trust bundle changed
 * (config.toml named another {@code trust_bundle_cert}).
 */
final class EdgeCaEvents {

    private EdgeCaEvents() {
    }

    /** @return whether the edge must run again; cheap, for the event thread */
    static boolean callForSetup(Event event) {
        if (CredentialEvents.TOPIC_IN_USE.equals(event.getTopic())
                || CredentialEvents.TOPIC_RENEWAL_FAILED.equals(event.getTopic())) {
            return EDGE_CA.equals(event.getProperty(CredentialEvents.CREDENTIAL_ID));
        }
        return USER_TRUST_BUNDLE.equals(event.getProperty(CertificateEvents.CERT_ID));
    }

    /** @return whether the credential service put an Edge CA chain in use; cheap, for the event thread */
    static boolean edgeCaPutInUse(Event event) {
        return CredentialEvents.TOPIC_IN_USE.equals(event.getTopic())
                && EDGE_CA.equals(event.getProperty(CredentialEvents.CREDENTIAL_ID));
    }

    /** @return whether the event is a module certificate being stored; cheap, for the event thread */
    static boolean moduleCertificateStored(Event event) {
        return CertificateEvents.TOPIC_STORED.equals(event.getTopic())
                && event.getProperty(CertificateEvents.CERT_ID) instanceof String id
                && CredentialIds.isModuleCertificate(id);
    }
}
