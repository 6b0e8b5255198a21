package org.edgepki.keystore.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.common.osgi.TrustedBundles;
import org.edgepki.common.osgi.TrustedRegistrations;

/**
 * The key providers currently registered, by the schemes they serve, with a bounded wait for a
 * missing one (its bundle may be in the middle of an update). Where several serve a scheme, the
 * highest {@code service.ranking}, then the lowest {@code service.id}, is used, among those from
 * trusted bundles only ({@link TrustedBundles}: a provider receives every key created, so another
 * bundle must not take over a scheme by ranking higher); one from any other bundle is ignored and
 * logged once. Thread-safe.
 */
final class KeyProviders {
    private static final Comparator<Registration> PREFERRED = Comparator
            .comparingInt(Registration::ranking).reversed()
            .thenComparingLong(Registration::serviceId);

    private final Map<KeyProvider, Registration> registrations = new IdentityHashMap<>();
    private final TrustedRegistrations trusted = new TrustedRegistrations("key provider",
            "key_provider_bundles of org.edgepki.keystore", System.getLogger(KeyProviders.class.getName()));
    private boolean closed;

    /**
     * @param trustedBundles the bundles whose providers are used
     * @param symbolicNames a bundle id's symbolic name
     */
    synchronized void trust(TrustedBundles trustedBundles, LongFunction<String> symbolicNames) {
        trusted.trust(trustedBundles, symbolicNames);
        notifyAll();
    }

    /** Adds a provider, or updates its service properties. */
    synchronized void add(KeyProvider provider, Map<String, ?> properties) {
        registrations.put(provider, Registration.of(provider, properties));
        notifyAll();
    }

    synchronized void remove(KeyProvider provider) {
        registrations.remove(provider);
    }

    /** Fails every current and later wait at once: the key service is going away. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** @return the preferred provider of the scheme, if one is registered */
    synchronized Optional<KeyProvider> current(String scheme) {
        return registrations.values().stream()
                .filter(registration -> registration.schemes().contains(scheme))
                .filter(registration -> trusted.admit(registration.bundleId(), registration.serviceId(),
                        "for scheme " + registration.schemes()))
                .min(PREFERRED)
                .map(Registration::provider);
    }

    /**
     * @param scheme the URI scheme
     * @param timeout the longest wait
     * @param keyId the key the caller needs, for the error
     * @return the preferred provider of the scheme
     * @throws KeyException (retryable) if none comes within the timeout, or the service closes
     */
    synchronized KeyProvider await(String scheme, Duration timeout, String keyId) throws KeyException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            Optional<KeyProvider> provider = current(scheme);
            if (provider.isPresent()) {
                return provider.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new KeyException(keyId, "no key provider for scheme '" + scheme + "' is available", true, null);
            }
            try {
                wait(Math.max(1, Duration.ofNanos(remaining).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyException(keyId, "interrupted while waiting for a key provider for scheme '"
                        + scheme + "'", true, e);
            }
        }
        throw new KeyException(keyId, "the key service is stopping", true, null);
    }

    private record Registration(KeyProvider provider, Set<String> schemes, int ranking, long serviceId, Long bundleId) {
        static Registration of(KeyProvider provider, Map<String, ?> properties) {
            Object ranking = properties.get("service.ranking");
            Object serviceId = properties.get("service.id");
            Object bundleId = properties.get("service.bundleid");
            return new Registration(provider, schemes(properties.get(KeyProvider.SCHEME)),
                    ranking instanceof Integer value ? value : 0,
                    serviceId instanceof Long value ? value : Long.MAX_VALUE,
                    bundleId instanceof Long value ? value : null);
        }

        private static Set<String> schemes(Object property) {
            Stream<?> values;
            if (property instanceof Object[] array) {
                values = Stream.of(array);
            } else if (property instanceof Collection<?> collection) {
                values = collection.stream();
            } else {
                values = Stream.ofNullable(property);
            }
            return values.map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
    }
}
