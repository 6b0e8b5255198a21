package org.edgepki.api.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The certificates modules and downstream devices trust: the user trust bundle
 * ({@code trust_bundle_cert}) followed by the Edge CA chain, without duplicates. Thread-safe.
 */
@ProviderType
public interface TrustBundle {

    /**
     * @return the current trust anchors and Edge CA chain; empty if none is configured yet
     * @throws CertificateStoreException if a configured trust file cannot be read
     */
    List<X509Certificate> certificates() throws CertificateStoreException;
}
