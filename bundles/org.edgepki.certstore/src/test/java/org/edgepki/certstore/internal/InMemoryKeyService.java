package org.edgepki.certstore.internal;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/**
 * A key service for unit tests that keeps imported keys in memory. The real one is the keystore
 * bundle, written separately; the integration tests use that. Only {@link #importPrivateKey} and
 * {@link #find} are implemented because the certificate store calls nothing else.
 */
final class InMemoryKeyService implements KeyService {
    private final Map<String, PrivateKey> imported = new ConcurrentHashMap<>();
    private volatile KeyException failure;
    private volatile CountDownLatch importEntered;
    private volatile CountDownLatch importReleased;

    /** @return the key imported under this id, if any */
    Optional<PrivateKey> imported(String keyId) {
        return Optional.ofNullable(imported.get(keyId));
    }

    /** Makes every later import fail with this error. */
    void failWith(KeyException error) {
        failure = error;
    }

    /** Makes every later import count {@code entered} down, then wait until {@code released} is. */
    void holdImports(CountDownLatch entered, CountDownLatch released) {
        importEntered = entered;
        importReleased = released;
    }

    @Override
    public KeyPairInfo importPrivateKey(String keyId, PrivateKey privateKey) throws KeyException {
        if (importReleased != null) {
            importEntered.countDown();
            try {
                importReleased.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyException(keyId, "interrupted", true, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        imported.put(keyId, privateKey);
        return info(keyId, privateKey);
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId) throws KeyException {
        PrivateKey key = imported.get(keyId);
        return key == null ? Optional.empty() : Optional.of(info(keyId, key));
    }

    @Override
    public KeyPairInfo get(String keyId) throws KeyException {
        return find(keyId).orElseThrow(() -> new KeyException(keyId, "no such key"));
    }

    @Override
    public KeyPairInfo createKeyPairIfNotExists(String keyId, String algorithmPreference) {
        throw new UnsupportedOperationException("not used by the certificate store");
    }

    @Override
    public void delete(String keyId) {
        throw new UnsupportedOperationException("not used by the certificate store");
    }

    @Override
    public void move(String fromKeyId, String toKeyId) {
        throw new UnsupportedOperationException("not used by the certificate store");
    }

    @Override
    public byte[] sign(String keyId, String signatureAlgorithm, byte[] data) {
        throw new UnsupportedOperationException("not used by the certificate store");
    }

    @Override
    public X509KeyManager keyManager(String keyId, List<X509Certificate> chain) {
        throw new UnsupportedOperationException("not used by the certificate store");
    }

    private static KeyPairInfo info(String keyId, PrivateKey key) throws KeyException {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                PublicKey publicKey = KeyFactory.getInstance("RSA", TestPki.BC)
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new KeyPairInfo(keyId, URI.create("memory:" + keyId), KeyAlgorithm.RSA_2048, publicKey);
            }
            ECPrivateKey ec = (ECPrivateKey) key;
            PublicKey publicKey = KeyFactory.getInstance("EC", TestPki.BC).generatePublic(
                    new ECPublicKeySpec(ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters()));
            return new KeyPairInfo(keyId, URI.create("memory:" + keyId), KeyAlgorithm.EC_P256, publicKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyException(keyId, "the test key service supports RSA and BC EC keys only", false, e);
        }
    }
}
