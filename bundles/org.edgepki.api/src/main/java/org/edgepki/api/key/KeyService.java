package org.edgepki.api.key;

import java.security.PrivateKey;
import java.util.List;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Key pairs by key id. A key id is either preloaded (configured to a {@code file:} or
 * {@code pkcs11:} URI) or lives in the base store of the configured base provider (the file store
 * under {@code <home>/keyd/keys}, or a PKCS#11 base slot).
 *
 * <p>No method returns private key bytes: signing happens inside the provider. All methods are
 * thread-safe. Ids are non-empty strings of printable characters.
 */
@ProviderType
public interface KeyService {

    /**
     * Returns the key pair with this id, creating it in the base store if it does not exist.
     *
     * @param keyId the key id
     * @param algorithmPreference ordered, colon-separated preference such as
     *     {@code "ec-p256:rsa-2048:*"}; the first algorithm the provider supports is used and
     *     {@code *} means the provider's default
     * @return the existing or new key pair
     * @throws KeyException if the preference is malformed, or the key cannot be read or created
     */
    KeyPairInfo createKeyPairIfNotExists(String keyId, String algorithmPreference) throws KeyException;

    /**
     * @param keyId the key id
     * @return the key pair, or empty if no key with this id exists
     * @throws KeyException if the key exists but cannot be read
     */
    Optional<KeyPairInfo> find(String keyId) throws KeyException;

    /**
     * @param keyId the key id
     * @return the key pair
     * @throws KeyException if it does not exist or cannot be read
     */
    KeyPairInfo get(String keyId) throws KeyException;

    /**
     * Stores an existing private key (from an import) under this id in the base store, replacing
     * any key there.
     *
     * @param keyId the key id
     * @param privateKey the key to store; RSA or EC
     * @return the stored key pair
     * @throws KeyException if the id is preloaded, the key type is not supported or writing fails
     */
    KeyPairInfo importPrivateKey(String keyId, PrivateKey privateKey) throws KeyException;

    /**
     * Deletes a key from the base store. Deleting a missing key is not an error.
     *
     * @param keyId the key id
     * @throws KeyException if the id is preloaded (preloaded keys are never deleted) or deleting fails
     */
    void delete(String keyId) throws KeyException;

    /**
     * Atomically renames a key in the base store, replacing any key with the target id; used to
     * promote a {@code -temp} key after renewal.
     *
     * @param fromKeyId the existing key id
     * @param toKeyId the new key id
     * @throws KeyException if the source is missing or either id is preloaded
     */
    void move(String fromKeyId, String toKeyId) throws KeyException;

    /**
     * Signs data with the private key.
     *
     * @param keyId the key id
     * @param signatureAlgorithm a JCA signature name matching the key, such as
     *     {@code "SHA256withECDSA"} or {@code "SHA256withRSA"}
     * @param data the bytes to sign
     * @return the signature in the JCA encoding of that algorithm
     * @throws KeyException if the key is missing, or does not support the algorithm
     */
    byte[] sign(String keyId, String signatureAlgorithm, byte[] data) throws KeyException;

    /**
     * A TLS key manager that presents {@code chain} and signs with this key, for servers and for
     * TLS client authentication. Its private key is a handle without key material (see
     * {@link KeyProvider#privateKeyHandle}): no bundle can read the key out of it.
     *
     * @param keyId the key id
     * @param chain the certificate chain, leaf first; the leaf must match the key
     * @return a key manager with a single entry
     * @throws KeyException if the key is missing or does not match the leaf
     */
    X509KeyManager keyManager(String keyId, List<X509Certificate> chain) throws KeyException;
}
