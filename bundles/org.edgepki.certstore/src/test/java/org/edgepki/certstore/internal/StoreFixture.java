package org.edgepki.certstore.internal;

import java.nio.file.Path;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.AwaitedService;

/** A certificate store on a temporary home, with an in-memory key service and a recording EventAdmin. */
final class StoreFixture {
    final Path home;
    final InMemoryKeyService keys = new InMemoryKeyService();
    final AwaitedService<KeyService> keyService = new AwaitedService<>();
    final RecordingEventAdmin events = new RecordingEventAdmin();

    StoreFixture(Path home) {
        this.home = home;
        keyService.bind(keys);
    }

    /** @return a new store on the fixture's home, with these preloaded_certs entries */
    CertificateStore store(String... preloadedCerts) {
        return new CertificateStore(settings(preloadedCerts), keyService, () -> events);
    }

    /** @return settings on the fixture's home, with these preloaded_certs entries */
    StoreSettings settings(String... preloadedCerts) {
        return StoreSettings.parse(home.toString(), preloadedCerts, 1, property -> null);
    }

    /** @return where a stored chain of this id lives */
    Path storedFile(String certId) {
        return store().storedFile(certId);
    }
}
