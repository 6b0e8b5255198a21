package org.edgepki.config.toml.internal.schema;

import java.util.Optional;

/**
 * The {@code [provisioning]} section. edgepki uses it for the device id and the device identity
 * certificate; talking to IoT Hub or DPS is not its business.
 */
public sealed interface Provisioning {

    /** @return the device's X.509 identity (certificate and key), if it authenticates with one */
    Optional<X509Identity> x509();

    /** @return the IoT Hub device id when it is known from the configuration */
    Optional<String> deviceId();

    /**
     * A device identity certificate and its key.
     *
     * @param cert the certificate (file or issued)
     * @param pk the key; empty when an issued certificate gets a key generated for it
     */
    record X509Identity(IdentityCert cert, Optional<KeyLocation> pk) {
    }

    /**
     * {@code source = "manual"}.
     *
     * @param iothubHostname the IoT Hub
     * @param deviceIdValue the device id
     * @param authentication {@code sas} (or a connection string) or {@code x509}
     * @param x509 the identity when authentication is {@code x509}
     */
    record Manual(String iothubHostname, String deviceIdValue, String authentication, Optional<X509Identity> x509)
            implements Provisioning {
        @Override
        public Optional<String> deviceId() {
            return Optional.of(deviceIdValue);
        }
    }

    /**
     * {@code source = "dps"}.
     *
     * @param globalEndpoint the DPS endpoint
     * @param idScope the DPS id scope
     * @param attestation {@code x509}, {@code symmetric_key} or {@code tpm}
     * @param registrationId the registration id, if given
     * @param x509 the identity when attestation is {@code x509}
     */
    record Dps(String globalEndpoint, String idScope, String attestation, Optional<String> registrationId,
            Optional<X509Identity> x509) implements Provisioning {
        @Override
        public Optional<String> deviceId() {
            return Optional.empty();
        }
    }
}
