package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;
import static org.edgepki.api.CredentialIds.USER_TRUST_BUNDLE;

import java.util.Set;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.key.KeyEvents;
import org.osgi.service.event.Event;

/**
 * Which certificate store events call for the Edge CA setup to run again: those about the Edge CA
 * or the user trust bundle, as when config.toml switches to a preloaded Edge CA or another
 * {@code trust_bundle_cert}, and a change of where the Edge CA key is looked up (config.toml
 * moved keys to a PKCS#11 token). The Edge CA chain already in use being stored (as the setup
 * itself does) is no change.
 */
final class EdgeCaEvents {
    /** The certificate ids the Edge CA and the published trust bundle are made of. */
    static final Set<String> WATCHED = Set.of(EDGE_CA, USER_TRUST_BUNDLE);

    private EdgeCaEvents() {
    }

    /**
     * @return whether the event is about a watched certificate id, or a change of where the Edge
     *     CA key is looked up; cheap, for the event thread
     */
    static boolean watched(Event event) {
        if (KeyEvents.TOPIC_ROUTES_CHANGED.equals(event.getTopic())) {
            Object ids = event.getProperty(KeyEvents.KEY_IDS);
            return Boolean.TRUE.equals(event.getProperty(KeyEvents.BASE_CHANGED))
                    || ids instanceof String[] changed && java.util.Arrays.asList(changed).contains(EDGE_CA);
        }
        return WATCHED.contains(event.getProperty(CertificateEvents.CERT_ID));
    }

    /** @return whether the event is a module certificate being stored; cheap, for the event thread */
    static boolean moduleCertificateStored(Event event) {
        return CertificateEvents.TOPIC_STORED.equals(event.getTopic())
                && event.getProperty(CertificateEvents.CERT_ID) instanceof String id
                && CredentialIds.isModuleCertificate(id);
    }

    /**
     * @param event a certificate store event
     * @param edgeCaInUse SHA-256 thumbprint of the Edge CA in use, or null when there is none
     * @return whether the setup must run again
     */
    static boolean callForSetup(Event event, String edgeCaInUse) {
        if (!watched(event)) {
            return false;
        }
        boolean edgeCaInUseStored = CertificateEvents.TOPIC_STORED.equals(event.getTopic())
                && EDGE_CA.equals(event.getProperty(CertificateEvents.CERT_ID))
                && edgeCaInUse != null && edgeCaInUse.equals(event.getProperty(CertificateEvents.SHA256_THUMBPRINT));
        return !edgeCaInUseStored;
    }
}
