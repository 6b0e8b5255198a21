package org.edgepki.console.pages;

import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.key.KeyService;

/**
 * The services the Certificates page reads, as bound at the time of a request; any may be null
 * while its bundle is stopped or being updated.
 *
 * @param certificates the certificate store
 * @param keys the key service
 * @param renewals the renewal service
 * @param trustBundle the trust bundle
 */
public record CertificateSources(CertificateService certificates, KeyService keys, CredentialService renewals,
        TrustBundle trustBundle) {
}
