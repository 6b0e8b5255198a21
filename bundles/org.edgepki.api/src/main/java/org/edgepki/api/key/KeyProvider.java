package org.edgepki.api.key;

import java.net.URI;
import java.security.PrivateKey;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Whiteboard service that keeps keys of one URI scheme; registered with the service property
 * {@value #SCHEME} (for example {@code scheme=file}, {@code scheme=pkcs11}). Consumers use
 * {@link KeyService}; only the key service calls providers.
 *
 * <p>Locations are URIs of the provider's scheme. Implementations are thread-safe, never return
 * private key bytes and never put a PIN into an exception.
 */
@ProviderType
public interface KeyProvider {

    /** Service property naming the URI scheme a provider serves. */
    String SCHEME = "scheme";

    /**
     * @param keyId a key id
     * @return where this provider's own store keeps a key with this id, or empty if the provider
     *     has no store of its own (it only reads preloaded keys)
     */
    Optional<URI> baseLocation(String keyId);

    /**
     * @param keyId the key id, for messages
     * @param location where the key lives
     * @return the key pair, or empty if nothing is at the location
     * @throws KeyException if something is there but is not a usable key
     */
    Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException;

    /**
     * Generates a key pair at the location, replacing anything there.
     *
     * @param keyId the key id
     * @param location a base location of this provider
     * @param algorithm the key type
     * @return the new key pair
     * @throws KeyException if the provider cannot generate this type or writing fails
     */
    KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException;

    /**
     * Stores a private key at the location, replacing anything there.
     *
     * @param keyId the key id
     * @param location a base location of this provider
     * @param privateKey the key
     * @return the stored key pair
     * @throws KeyException if the provider cannot store it
     */
    KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException;

    /**
     * Deletes whatever is at the location; deleting nothing is not an error.
     *
     * @param keyId the key id
     * @param location a base location
     * @throws KeyException if deleting fails
     */
    void delete(String keyId, URI location) throws KeyException;

    /**
     * Atomically moves a key, replacing any key at the target.
     *
     * @param from the current base location
     * @param to the new base location
     * @throws KeyException if there is nothing at {@code from} or the move fails
     */
    void move(URI from, URI to) throws KeyException;

    /**
     * @param keyId the key id
     * @param location where the key lives
     * @param signatureAlgorithm a JCA signature name
     * @param data bytes to sign
     * @return the signature
     * @throws KeyException if the key is missing or the algorithm does not fit it
     */
    byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException;

    /**
     * A handle to the private key for a TLS stack in this JVM: never the key itself, for file keys
     * too. It has no encoding, is neither an {@code ECPrivateKey} nor an {@code RSAPrivateKey},
     * cannot be serialised, and signs through the provider (a JCA provider of the provider's bundle).
     *
     * @param keyId the key id
     * @param location where the key lives
     * @return the private key object
     * @throws KeyException if the key is missing
     */
    PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException;
}
