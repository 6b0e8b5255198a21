package org.edgepki.keystore.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.Callers;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link KeyService} as one calling bundle gets it: each use of a key, and each change to one, is
 * first authorized by the {@link AccessPolicy} for that bundle; reading public key information is not.
 */
@Component(service = KeyService.class, scope = ServiceScope.BUNDLE)
public final class AuthorizedKeyService implements KeyService {
    private final KeyServiceImpl keys;
    private final AccessPolicy access;
    private final Caller caller;

    /**
     * @param keys the key service shared by all callers
     * @param access the policy
     * @param context names the calling bundle
     */
    @Activate
    public AuthorizedKeyService(@Reference KeyServiceImpl keys, @Reference AccessPolicy access,
            ComponentContext context) {
        this.keys = keys;
        this.access = access;
        this.caller = Callers.of(context);
    }

    @Override
    public KeyPairInfo createKeyPairIfNotExists(String keyId, String algorithmPreference) throws KeyException {
        access.check(caller, Operations.KEY_CREATE, keyId);
        return keys.createKeyPairIfNotExists(keyId, algorithmPreference);
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId) throws KeyException {
        return keys.find(keyId);
    }

    @Override
    public KeyPairInfo get(String keyId) throws KeyException {
        return keys.get(keyId);
    }

    @Override
    public KeyPairInfo importPrivateKey(String keyId, PrivateKey privateKey) throws KeyException {
        access.check(caller, Operations.KEY_IMPORT, keyId);
        return keys.importPrivateKey(keyId, privateKey);
    }

    @Override
    public void delete(String keyId) throws KeyException {
        access.check(caller, Operations.KEY_DELETE, keyId);
        keys.delete(keyId);
    }

    @Override
    public void move(String fromKeyId, String toKeyId) throws KeyException {
        access.check(caller, Operations.KEY_MOVE, fromKeyId);
        access.check(caller, Operations.KEY_MOVE, toKeyId);
        keys.move(fromKeyId, toKeyId);
    }

    @Override
    public byte[] sign(String keyId, String signatureAlgorithm, byte[] data) throws KeyException {
        access.check(caller, Operations.KEY_SIGN, keyId);
        return keys.sign(keyId, signatureAlgorithm, data);
    }

    @Override
    public X509KeyManager keyManager(String keyId, List<X509Certificate> chain) throws KeyException {
        access.check(caller, Operations.KEY_USE, keyId);
        return keys.keyManager(keyId, chain);
    }
}
