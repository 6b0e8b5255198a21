package org.edgepki.api.workload;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate issued to a module. Its private key stays in the key service under
 * {@link #keyId()} (use {@code KeyService.keyManager} for TLS).
 *
 * @param certId the certificate id, for example {@code aziot-edged/module/edgeHub:server}
 * @param keyId the key id of the private key
 * @param chain the certificate followed by the Edge CA chain
 */
public record WorkloadCredential(String certId, String keyId, List<X509Certificate> chain) {
    /** Checks the components and freezes the chain. */
    public WorkloadCredential {
        Objects.requireNonNull(certId, "certId");
        Objects.requireNonNull(keyId, "keyId");
        chain = List.copyOf(chain);
    }
}
