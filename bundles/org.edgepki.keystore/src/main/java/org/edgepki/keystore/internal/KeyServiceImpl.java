package org.edgepki.keystore.internal;

import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import javax.net.ssl.X509KeyManager;
import org.edgepki.api.key.KeyEvents;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.files.StoreFileName;
import org.edgepki.common.osgi.TrustedBundles;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The key service: routes a preloaded id to the provider of its URI's scheme and every other id
 * to the base provider's store; keeps preloaded keys read-only; serialises writers per id. Registered
 * under its own class: callers get it through {@link AuthorizedKeyService}.
 */
@Component(service = KeyServiceImpl.class, configurationPid = KeyServiceConfig.PID)
@Designate(ocd = KeyServiceConfig.class)
public final class KeyServiceImpl implements KeyService {
    private final KeyProviders providers = new KeyProviders();
    private final KeyLocks locks = new KeyLocks();
    private volatile KeyServiceSettings settings = KeyServiceSettings.DEFAULTS;

    private LongFunction<String> bundleNames = id -> null;

    @Activate
    private void activate(BundleContext context, KeyServiceConfig config) {
        bundleNames = id -> {
            Bundle bundle = context.getBundle(id);
            return bundle == null ? null : bundle.getSymbolicName();
        };
        modified(config);
    }

    /** Validates first: an invalid configuration throws and the previous one stays in force. */
    @Modified
    private void modified(KeyServiceConfig config) {
        configure(config.preloaded__keys(), config.base__scheme(), config.service__timeout__seconds());
        providers.trust(TrustedBundles.of(config.key__provider__bundles()), bundleNames);
    }

    @Deactivate
    private void deactivate() {
        providers.close();
    }

    void configure(String[] preloadedKeys, String baseScheme, int timeoutSeconds) {
        KeyServiceSettings previous = settings;
        settings = KeyServiceSettings.parse(preloadedKeys, baseScheme, timeoutSeconds);
        announceRouteChanges(previous, settings);
    }

    /** Tells key holders (the Edge CA among them) that a key may now live elsewhere, or nowhere. */
    private void announceRouteChanges(KeyServiceSettings previous, KeyServiceSettings current) {
        Set<String> changed = new TreeSet<>();
        Set<String> ids = new HashSet<>(previous.preloadedKeys().keySet());
        ids.addAll(current.preloadedKeys().keySet());
        for (String id : ids) {
            if (!Objects.equals(previous.preloadedKeys().get(id), current.preloadedKeys().get(id))) {
                changed.add(id);
            }
        }
        boolean baseChanged = !previous.baseScheme().equals(current.baseScheme());
        EventAdmin events = eventAdmin;
        if (events != null && (baseChanged || !changed.isEmpty())) {
            events.postEvent(new Event(KeyEvents.TOPIC_ROUTES_CHANGED, Map.of(KeyEvents.KEY_IDS,
                    changed.toArray(String[]::new), KeyEvents.BASE_CHANGED, baseChanged)));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Reference(service = KeyProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KeyProvider.SCHEME + "=*)", unbind = "unbindKeyProvider", updated = "updatedKeyProvider")
    void bindKeyProvider(KeyProvider provider, Map<String, Object> properties) {
        providers.add(provider, properties);
    }

    void updatedKeyProvider(KeyProvider provider, Map<String, Object> properties) {
        providers.add(provider, properties);
    }

    void unbindKeyProvider(KeyProvider provider) {
        providers.remove(provider);
    }

    @Override
    public KeyPairInfo createKeyPairIfNotExists(String keyId, String algorithmPreference) throws KeyException {
        requireValidId(keyId);
        AlgorithmPreference preference = AlgorithmPreference.parse(algorithmPreference);
        Route route = route(keyId, settings);
        Optional<KeyPairInfo> existing = route.provider().find(keyId, route.location());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (route.preloaded()) {
            throw new KeyException(keyId, "the preloaded key at " + Pkcs11Uri.redact(String.valueOf(route.location()))
                    + " does not exist; preloaded keys are never created");
        }
        try (KeyLocks.Held held = locks.lock(keyId)) {
            existing = route.provider().find(keyId, route.location());
            if (existing.isPresent()) {
                return existing.get();
            }
            return route.provider().generate(keyId, route.location(), preference.first());
        }
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId) throws KeyException {
        requireValidId(keyId);
        Route route = route(keyId, settings);
        return route.provider().find(keyId, route.location());
    }

    @Override
    public KeyPairInfo get(String keyId) throws KeyException {
        requireValidId(keyId);
        Route route = route(keyId, settings);
        Optional<KeyPairInfo> found = route.provider().find(keyId, route.location());
        if (found.isEmpty() && route.preloaded()) {
            throw new KeyException(keyId, "the preloaded key at " + Pkcs11Uri.redact(String.valueOf(route.location()))
                    + " does not exist");
        }
        return found.orElseThrow(() -> new KeyException(keyId, "no key with this id exists"));
    }

    @Override
    public KeyPairInfo importPrivateKey(String keyId, PrivateKey privateKey) throws KeyException {
        Route route = writableRoute(keyId, settings);
        try (KeyLocks.Held held = locks.lock(keyId)) {
            return route.provider().store(keyId, route.location(), privateKey);
        }
    }

    @Override
    public void delete(String keyId) throws KeyException {
        Route route = writableRoute(keyId, settings);
        try (KeyLocks.Held held = locks.lock(keyId)) {
            route.provider().delete(keyId, route.location());
        }
    }

    @Override
    public void move(String fromKeyId, String toKeyId) throws KeyException {
        KeyServiceSettings current = settings;
        Route from = writableRoute(fromKeyId, current);
        Route to = writableRoute(toKeyId, current);
        if (from.provider() != to.provider()) {
            throw new KeyException(fromKeyId, "the base key provider changed during the move; try again", true, null);
        }
        try (KeyLocks.Held held = locks.lock(fromKeyId, toKeyId)) {
            from.provider().move(from.location(), to.location());
        }
    }

    @Override
    public byte[] sign(String keyId, String signatureAlgorithm, byte[] data) throws KeyException {
        requireValidId(keyId);
        Route route = route(keyId, settings);
        return route.provider().sign(keyId, route.location(), signatureAlgorithm, data);
    }

    @Override
    public X509KeyManager keyManager(String keyId, List<X509Certificate> chain) throws KeyException {
        requireValidId(keyId);
        if (chain == null || chain.isEmpty() || chain.stream().anyMatch(Objects::isNull)) {
            throw new KeyException(keyId, "a key manager needs a certificate chain of at least the leaf certificate");
        }
        Route route = route(keyId, settings);
        KeyPairInfo key = route.provider().find(keyId, route.location())
                .orElseThrow(() -> new KeyException(keyId, "no key with this id exists"));
        if (!PublicKeyMatch.sameKey(chain.get(0).getPublicKey(), key.publicKey())) {
            throw new KeyException(keyId, "certificate does not match key");
        }
        PrivateKey handle = route.provider().privateKeyHandle(keyId, route.location());
        return new SingleKeyManager(keyId, chain, handle);
    }

    private Route route(String keyId, KeyServiceSettings current) throws KeyException {
        URI preloaded = current.preloadedKeys().get(keyId);
        if (preloaded != null) {
            return new Route(providers.await(preloaded.getScheme(), current.providerTimeout(), keyId), preloaded, true);
        }
        KeyProvider base = providers.await(current.baseScheme(), current.providerTimeout(), keyId);
        URI location = base.baseLocation(keyId).orElseThrow(() -> new KeyException(keyId,
                "the base key provider (scheme '" + current.baseScheme() + "') has no key store of its own"));
        return new Route(base, location, false);
    }

    private Route writableRoute(String keyId, KeyServiceSettings current) throws KeyException {
        requireValidId(keyId);
        if (current.preloadedKeys().containsKey(keyId)) {
            throw new KeyException(keyId, "is a preloaded key; preloaded keys are never written, deleted or moved");
        }
        return route(keyId, current);
    }

    private static void requireValidId(String keyId) throws KeyException {
        try {
            StoreFileName.requireValidId(keyId);
        } catch (IllegalArgumentException e) {
            String printable = String.valueOf(keyId).codePoints()
                    .map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            throw new KeyException("key id '" + printable + "'", e.getMessage(), false, e);
        }
    }

    /** Where a key id lives and who serves it. */
    private record Route(KeyProvider provider, URI location, boolean preloaded) {
    }
}
