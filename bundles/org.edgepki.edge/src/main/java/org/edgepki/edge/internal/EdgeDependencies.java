package org.edgepki.edge.internal;

import java.time.Duration;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.osgi.AwaitedService;

/**
 * The services the device's credentials are made with. Each may be away for a moment while its
 * bundle is updated: a caller waits up to the configured time, then gets a retryable error.
 */
final class EdgeDependencies {
    final AwaitedService<KeyService> keys = new AwaitedService<>();
    final AwaitedService<CertificateService> certs = new AwaitedService<>();
    final AwaitedService<TrustBundle> trustBundle = new AwaitedService<>();
    final AwaitedService<CredentialService> credentials = new AwaitedService<>();
    private volatile Duration timeout = Duration.ofSeconds(10);

    void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** The component is going away: requests waiting for a service fail now, retryably. */
    void close() {
        keys.close();
        certs.close();
        trustBundle.close();
        credentials.close();
    }

    KeyService keys() throws WorkloadException {
        return keys.await(timeout, () -> missing("key service"));
    }

    CertificateService certs() throws WorkloadException {
        return certs.await(timeout, () -> missing("certificate service"));
    }

    TrustBundle trustBundle() throws WorkloadException {
        return trustBundle.await(timeout, () -> missing("trust bundle service"));
    }

    CredentialService credentials() throws WorkloadException {
        return credentials.await(timeout, () -> missing("credential service"));
    }

    private WorkloadException missing(String what) {
        return new WorkloadException(what, "not available after waiting " + timeout.toSeconds()
                + " s; its bundle may be updating or not installed", true, null);
    }
}
