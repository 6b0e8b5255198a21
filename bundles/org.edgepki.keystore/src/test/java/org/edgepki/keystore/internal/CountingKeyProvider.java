package org.edgepki.keystore.internal;

import java.net.URI;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;

/** A provider that counts key generations, and can hold them, around a real one. */
class CountingKeyProvider implements KeyProvider {
    final AtomicInteger generations = new AtomicInteger();
    private final KeyProvider delegate;

    CountingKeyProvider(KeyProvider delegate) {
        this.delegate = delegate;
    }

    /** Called before each generation; tests override it to hold one. */
    void beforeGenerate(String keyId) throws InterruptedException {
    }

    @Override
    public Optional<URI> baseLocation(String keyId) {
        return delegate.baseLocation(keyId);
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException {
        return delegate.find(keyId, location);
    }

    @Override
    public KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException {
        generations.incrementAndGet();
        try {
            beforeGenerate(keyId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException(keyId, "interrupted", true, e);
        }
        return delegate.generate(keyId, location, algorithm);
    }

    @Override
    public KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException {
        return delegate.store(keyId, location, privateKey);
    }

    @Override
    public void delete(String keyId, URI location) throws KeyException {
        delegate.delete(keyId, location);
    }

    @Override
    public void move(URI from, URI to) throws KeyException {
        delegate.move(from, to);
    }

    @Override
    public byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException {
        return delegate.sign(keyId, location, signatureAlgorithm, data);
    }

    @Override
    public PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException {
        return delegate.privateKeyHandle(keyId, location);
    }
}
