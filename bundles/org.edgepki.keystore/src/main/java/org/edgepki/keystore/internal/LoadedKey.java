package org.edgepki.keystore.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.edgepki.api.key.KeyAlgorithm;

/**
 * A parsed key pair of a supported type.
 *
 * @param algorithm the key type
 * @param privateKey the private half, a Bouncy Castle key of JCA algorithm "RSA" or "EC"
 * @param publicKey the public half, derived from the private key
 */
record LoadedKey(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {

    /** Names the type only: a record would otherwise print the private key object. */
    @Override
    public String toString() {
        return "LoadedKey[" + algorithm.preferenceName() + "]";
    }
}
