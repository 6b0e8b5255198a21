package org.edgepki.keystore.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.edgepki.api.key.KeyAlgorithm;

/**
 * A parsed key pair of a supported type, and its private half as the key of the provider that signs with it.
 *
 * <p>A provider signs faster with its own key objects: Bouncy Castle, given a JDK EC key, converts the key and
 * precomputes its curve's tables at every signature (about 0.7 ms against 0.19 ms with its own key, for P-256). So
 * the private key is translated once for the provider that signs (see {@code CryptoProviders}) and kept with the
 * loaded key, for as long as the key's file is cached. Thread-safe.
 */
final class LoadedKey {
    private final KeyAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Provider decodedBy;
    /** The private key as another provider's key, the last one asked for. */
    private volatile Translated translated;

    /**
     * @param algorithm the key type
     * @param privateKey the private half, a JDK key of JCA algorithm "RSA" or "EC"
     * @param publicKey the public half, derived from the private key
     * @param decodedBy the provider whose key {@code privateKey} is
     */
    LoadedKey(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey, Provider decodedBy) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.decodedBy = decodedBy;
    }

    private record Translated(Provider provider, PrivateKey key) {
    }

    /** @return the key type */
    KeyAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the private half, as decoded */
    PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the public half */
    PublicKey publicKey() {
        return publicKey;
    }

    /**
     * @param provider the provider that is to sign with the key
     * @return the private key as that provider's own key (the decoded one when it is already, or when the provider
     *     cannot translate it)
     */
    PrivateKey privateKeyFor(Provider provider) {
        if (provider == decodedBy) {
            return privateKey;
        }
        Translated current = translated;
        if (current != null && current.provider() == provider) {
            return current.key();
        }
        PrivateKey key;
        // From its encoding, not KeyFactory.translateKey: Bouncy Castle's translation loses the curve's name.
        byte[] encoded = privateKey.getEncoded();
        try {
            key = KeyFactory.getInstance(privateKey.getAlgorithm(), provider).generatePrivate(
                    new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            return privateKey; // it signs with the key as it is, only more slowly
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        translated = new Translated(provider, key);
        return key;
    }

    /** Names the type only: the private key object is never printed. */
    @Override
    public String toString() {
        return "LoadedKey[" + algorithm.preferenceName() + "]";
    }
}
