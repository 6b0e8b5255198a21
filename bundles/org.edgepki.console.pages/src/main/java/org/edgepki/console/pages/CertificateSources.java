package org.edgepki.console.pages;

import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.renewal.RenewalService;

/**
 * The services the Certificates page reads, as bound at the time of a request; any may be null
 * while its bundle is stopped or being updated.
 *
 * @param certificates the certificate store
 * @param keys the key service
 * @param renewals the renewal service
 * @param trustBundle the trust bundle
 */
public record CertificateSources(CertificateService certificates, KeyService keys, RenewalService renewals,
        TrustBundle trustBundle) {
}
