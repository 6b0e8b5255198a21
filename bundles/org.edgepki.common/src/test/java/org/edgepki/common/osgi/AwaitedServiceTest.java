package org.edgepki.common.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AwaitedServiceTest {

    @Test
    void a_missing_service_fails_after_the_timeout_with_the_given_error() {
        AwaitedService<String> awaited = new AwaitedService<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> awaited.await(Duration.ofMillis(20), () -> new IllegalStateException("missing")));
        assertEquals("missing", e.getMessage());
    }

    @Test
    void a_waiting_caller_gets_the_service_bound_while_it_waits() throws Exception {
        AwaitedService<String> awaited = new AwaitedService<>();
        CompletableFuture<String> call = CompletableFuture.supplyAsync(
                () -> awaited.await(Duration.ofSeconds(30), () -> new IllegalStateException("missing")));
        Thread.sleep(50);
        awaited.bind("keys");
        assertEquals("keys", call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void a_stale_unbind_keeps_the_replacement() {
        AwaitedService<String> awaited = new AwaitedService<>();
        String old = new String("v1");
        String replacement = new String("v2");
        awaited.bind(old);
        awaited.bind(replacement);
        awaited.unbind(old);
        assertSame(replacement, awaited.current());
    }
}
