package org.edgepki.common.osgi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whiteboard services keyed by a service property (an issuer's {@code method}, a key provider's
 * {@code scheme}), with a bounded wait for one that is missing, as {@link AwaitedService} does for
 * a single reference.
 *
 * @param <T> the service type
 */
public final class AwaitedServices<T> {
    private final Map<String, T> services = new HashMap<>();
    private boolean closed;

    /** Called from the DS bind method with the service's key property. */
    public synchronized void bind(String key, T service) {
        if (key != null) {
            services.put(key, service);
            notifyAll();
        }
    }

    /** Called from the DS unbind method; ignores a stale unbind of a replaced service. */
    public synchronized void unbind(String key, T service) {
        if (key != null) {
            services.remove(key, service);
        }
    }

    /** Called from the component's deactivate method: every current and later wait fails at once. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** @return the service bound under this key now, or null */
    public synchronized T current(String key) {
        return services.get(key);
    }

    /**
     * @param key the key property value
     * @param timeout how long to wait at most
     * @param missing builds the error thrown when no service comes
     * @param <E> the error type
     * @return the service
     * @throws E if no service with this key is bound within {@code timeout}
     */
    public synchronized <E extends Exception> T await(String key, Duration timeout, Supplier<E> missing) throws E {
        long deadline = System.nanoTime() + timeout.toNanos();
        T service;
        while ((service = services.get(key)) == null || closed) {
            if (closed) {
                throw missing.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw missing.get();
            }
            try {
                wait(Math.max(1, Duration.ofNanos(remaining).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw missing.get();
            }
        }
        return service;
    }
}
