package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.common.osgi.TrustedBundles;
import org.junit.jupiter.api.Test;

class KeyProvidersTest {
    private final KeyProviders providers = new KeyProviders();
    private final KeyProvider first = new FileKeyStore(Path.of("/nonexistent/a"));
    private final KeyProvider second = new FileKeyStore(Path.of("/nonexistent/b"));

    @Test
    void the_highest_ranked_provider_of_a_scheme_is_used_then_the_oldest() {
        providers.add(first, Map.of("scheme", "file", "service.id", 7L));
        providers.add(second, Map.of("scheme", "file", "service.id", 9L, "service.ranking", 5));

        assertEquals(Optional.of(second), providers.current("file"));

        providers.add(second, Map.of("scheme", "file", "service.id", 9L));
        assertEquals(Optional.of(first), providers.current("file"), "equal ranking: the lower service id");
    }

    @Test
    void a_provider_from_an_untrusted_bundle_never_takes_over_a_scheme_however_high_its_ranking() {
        providers.trust(TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI}),
                id -> id == 3L ? "org.edgepki.keystore" : "com.evil.keys");
        providers.add(first, Map.of("scheme", "file", "service.id", 7L, "service.bundleid", 3L));
        providers.add(second, Map.of("scheme", "file", "service.id", 9L, "service.bundleid", 66L,
                "service.ranking", Integer.MAX_VALUE));

        assertEquals(Optional.of(first), providers.current("file"));
        providers.remove(first);
        assertEquals(Optional.empty(), providers.current("file"), "nothing rather than the untrusted one");

        providers.trust(TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI, "com.evil.keys"}),
                id -> id == 3L ? "org.edgepki.keystore" : "com.evil.keys");
        assertEquals(Optional.of(second), providers.current("file"), "once the operator trusts it");
    }

    @Test
    void removing_a_provider_falls_back_to_another_of_the_scheme() {
        providers.add(first, Map.of("scheme", "file", "service.id", 1L));
        providers.add(second, Map.of("scheme", "file", "service.id", 2L));

        providers.remove(first);

        assertEquals(Optional.of(second), providers.current("file"));
        providers.remove(second);
        assertEquals(Optional.empty(), providers.current("file"));
    }

    @Test
    void a_provider_may_serve_several_schemes() {
        providers.add(first, Map.of("scheme", new String[] {"file", "pkcs11"}));
        providers.add(second, Map.of("scheme", List.of("tpm")));

        assertEquals(Optional.of(first), providers.current("pkcs11"));
        assertEquals(Optional.of(second), providers.current("tpm"));
    }

    @Test
    void a_missing_provider_fails_retryably_after_the_timeout() {
        long start = System.nanoTime();

        KeyException e = assertThrows(KeyException.class,
                () -> providers.await("pkcs11", Duration.ofMillis(200), "device-id"));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 190);
        assertTrue(e.isRetryable());
        assertEquals("device-id: no key provider for scheme 'pkcs11' is available (retryable)", e.getMessage());
    }

    @Test
    void a_provider_that_arrives_during_the_wait_is_used() throws Exception {
        CompletableFuture<KeyProvider> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return providers.await("file", Duration.ofSeconds(10), "k");
            } catch (KeyException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);

        providers.add(first, Map.of("scheme", "file"));

        assertSame(first, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void closing_fails_waiting_callers_at_once() throws Exception {
        CompletableFuture<KeyException> waiting = CompletableFuture.supplyAsync(() -> assertThrows(
                KeyException.class, () -> providers.await("file", Duration.ofSeconds(30), "k")));
        Thread.sleep(100);

        providers.close();

        KeyException e = waiting.get(5, TimeUnit.SECONDS);
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("the key service is stopping"), e.getMessage());
    }
}
