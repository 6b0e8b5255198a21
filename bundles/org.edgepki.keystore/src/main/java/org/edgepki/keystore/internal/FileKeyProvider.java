package org.edgepki.keystore.internal;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.common.crypto.KeyHandleProvider;
import org.edgepki.common.files.StateHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** The {@code scheme=file} key provider: OSGi wiring around a {@link FileKeyStore}. */
@Component(service = KeyProvider.class, configurationPid = FileKeyProviderConfig.PID,
        property = KeyProvider.SCHEME + "=file")
@Designate(ocd = FileKeyProviderConfig.class)
public final class FileKeyProvider implements KeyProvider {
    private volatile FileKeyStore store;

    @Activate
    private void activate(BundleContext context, FileKeyProviderConfig config) {
        store = open(context, config);
    }

    @Modified
    private void modified(BundleContext context, FileKeyProviderConfig config) {
        FileKeyStore previous = store;
        store = open(context, config);
        previous.clear();
    }

    @Deactivate
    private void deactivate() {
        store.clear();
        KeyHandleProvider.uninstall(FileKeyStore.HANDLES); // a new version of this bundle adds its own
    }

    private FileKeyStore open(BundleContext context, FileKeyProviderConfig config) {
        Path home = StateHome.resolve(config.home(), context::getProperty);
        return new FileKeyStore(home.resolve("keyd").resolve("keys"));
    }

    @Override
    public Optional<URI> baseLocation(String keyId) {
        return store.baseLocation(keyId);
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException {
        return store.find(keyId, location);
    }

    @Override
    public KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException {
        return store.generate(keyId, location, algorithm);
    }

    @Override
    public KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException {
        return store.store(keyId, location, privateKey);
    }

    @Override
    public void delete(String keyId, URI location) throws KeyException {
        store.delete(keyId, location);
    }

    @Override
    public void move(URI from, URI to) throws KeyException {
        store.move(from, to);
    }

    @Override
    public byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException {
        return store.sign(keyId, location, signatureAlgorithm, data);
    }

    @Override
    public PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException {
        return store.privateKeyHandle(keyId, location);
    }
}
