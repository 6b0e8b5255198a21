package org.edgepki.certstore.internal;

import java.util.Map;
import java.util.function.Supplier;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.StoredCertificate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the certificate store's events asynchronously. EventAdmin is optional: without it the store
 * still works and nobody is told.
 */
final class CertificateEventPoster {
    private final Supplier<EventAdmin> eventAdmin;

    /** @param eventAdmin the current EventAdmin, or null when there is none */
    CertificateEventPoster(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** Posts {@link CertificateEvents#TOPIC_STORED} for a chain that was stored or replaced. */
    void stored(StoredCertificate certificate) {
        post(CertificateEvents.TOPIC_STORED, Map.of(
                CertificateEvents.CERT_ID, certificate.id(),
                CertificateEvents.SHA256_THUMBPRINT, certificate.sha256Thumbprint(),
                CertificateEvents.NOT_AFTER, certificate.leaf().getNotAfter().getTime()));
    }

    /** Posts {@link CertificateEvents#TOPIC_DELETED} for a chain that was deleted or moved away. */
    void deleted(String certId) {
        post(CertificateEvents.TOPIC_DELETED, Map.of(CertificateEvents.CERT_ID, certId));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin current = eventAdmin.get();
        if (current != null) {
            current.postEvent(new Event(topic, properties));
        }
    }
}
