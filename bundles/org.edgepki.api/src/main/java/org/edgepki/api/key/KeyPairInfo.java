package org.edgepki.api.key;

import java.net.URI;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Public facts about a key pair. Holds no private key material.
 *
 * @param id the key id, for example {@code "aziot-edged-ca"}
 * @param location where the key lives: a {@code file:} URI, or a {@code pkcs11:} URI without
 *     its PIN
 * @param algorithm the key type
 * @param publicKey the public half
 */
public record KeyPairInfo(String id, URI location, KeyAlgorithm algorithm, PublicKey publicKey) {
    /** Checks that no component is null. */
    public KeyPairInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
