package org.edgepki.config.toml.internal.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What edgepki honours of an IoT Edge {@code config.toml}, typed and validated.
 *
 * @param hostname {@code hostname}, or empty for the operating system's
 * @param parentHostname {@code parent_hostname} (or {@code local_gateway_hostname}) of a nested device
 * @param trustBundleCert file URI of the user's trust bundle
 * @param cloudTimeoutSec {@code cloud_timeout_sec}
 * @param edgeCa the Edge CA
 * @param est {@code [cert_issuance.est]}
 * @param localCa {@code [cert_issuance.local_ca]}
 * @param provisioning {@code [provisioning]}
 * @param pkcs11 {@code [aziot_keys]} PKCS#11 settings
 * @param preloadedKeys {@code [preloaded_keys]}: key id → location
 * @param preloadedCerts {@code [preloaded_certs]}: certificate id → file URIs (concatenated)
 */
public record IotEdgeConfig(Optional<String> hostname, Optional<String> parentHostname,
        Optional<String> trustBundleCert, Optional<Long> cloudTimeoutSec, EdgeCa edgeCa, Optional<EstSettings> est,
        Optional<LocalCa> localCa, Optional<Provisioning> provisioning, Optional<Pkcs11> pkcs11,
        Map<String, KeyLocation> preloadedKeys, Map<String, List<String>> preloadedCerts) {

    /**
     * {@code [cert_issuance.est]}.
     *
     * @param trustedCerts file URIs of the CAs that may sign the EST server's TLS certificate
     * @param urls {@code default} and per-certificate-id URLs
     * @param auth {@code [cert_issuance.est.auth]} (and {@code urls.default} as its url)
     * @param identityAutoRenew renewal of EST identity certificates
     */
    public record EstSettings(List<String> trustedCerts, Map<String, String> urls, EstEndpoint auth,
            RenewalPolicy identityAutoRenew) {
    }

    /**
     * {@code [cert_issuance.local_ca]}.
     *
     * @param cert file URI of the local CA certificate
     * @param pk its key
     */
    public record LocalCa(String cert, KeyLocation pk) {
    }

    /**
     * {@code [aziot_keys]}.
     *
     * @param libPath the PKCS#11 library
     * @param baseSlot the slot new keys are generated on, as a PKCS#11 URI; may hold a PIN
     */
    public record Pkcs11(Optional<String> libPath, Optional<KeyLocation> baseSlot) {
    }
}
