package org.edgepki.credentials.internal;

import java.time.Duration;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.AwaitedService;
import org.edgepki.common.osgi.AwaitedServices;

/**
 * The services renewals are made with. Each may be away for a moment while its bundle is
 * updated: a renewal waits a bounded time, then fails retryably and is retried by its policy.
 */
final class RenewalDependencies implements CredentialRenewal.Dependencies {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    final AwaitedService<KeyService> keys = new AwaitedService<>();
    final AwaitedService<CertificateService> certs = new AwaitedService<>();
    final AwaitedServices<CertificateIssuer> issuers = new AwaitedServices<>();

    void close() {
        keys.close();
        certs.close();
        issuers.close();
    }

    @Override
    public KeyService keys() throws CredentialException {
        return keys.await(TIMEOUT, () -> missing("key service"));
    }

    @Override
    public CertificateService certs() throws CredentialException {
        return certs.await(TIMEOUT, () -> missing("certificate service"));
    }

    @Override
    public CertificateIssuer issuer(String method) throws CredentialException {
        return issuers.await(method, TIMEOUT, () -> missing("issuer with method '" + method + "'"));
    }

    private static CredentialException missing(String what) {
        return new CredentialException(what, "not available after waiting " + TIMEOUT.toSeconds()
                + " s; its bundle may be updating, stopped or not installed", true, null);
    }
}
