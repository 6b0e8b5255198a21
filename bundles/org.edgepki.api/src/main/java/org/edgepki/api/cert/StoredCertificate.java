package org.edgepki.api.cert;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain held by the certificate store.
 *
 * @param id the certificate id, for example {@code "aziot-edged-ca"}
 * @param location the file holding the chain ({@code file:} URI)
 * @param chain the chain, leaf first; never empty
 * @param preloaded {@code true} if the chain is a configured file that edgepki reads but never writes
 * @param sha256Thumbprint upper-case hex SHA-256 of the leaf's DER encoding, as IoT Hub shows it
 * @param sha1Thumbprint upper-case hex SHA-1 of the leaf's DER encoding, as DPS shows it
 */
public record StoredCertificate(String id, URI location, List<X509Certificate> chain, boolean preloaded,
        String sha256Thumbprint, String sha1Thumbprint) {

    /** Checks the components and freezes the chain. */
    public StoredCertificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a stored certificate chain is never empty");
        }
        Objects.requireNonNull(sha256Thumbprint, "sha256Thumbprint");
        Objects.requireNonNull(sha1Thumbprint, "sha1Thumbprint");
    }

    /** @return the first certificate of the chain */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}
