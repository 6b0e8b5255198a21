package org.edgepki.common.osgi;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Holds a dynamic service reference and lets callers wait a bounded time for it, so that a call
 * made while the providing bundle is being updated succeeds when the service returns, or fails
 * with a clear retryable error instead of hanging or failing at once.
 *
 * @param <T> the service type
 */
public final class AwaitedService<T> {
    private T service;
    private boolean closed;

    /** Called from the DS bind method. */
    public synchronized void bind(T newService) {
        service = newService;
        notifyAll();
    }

    /** Called from the DS unbind method; ignores a stale unbind of a replaced service. */
    public synchronized void unbind(T oldService) {
        if (service == oldService) {
            service = null;
        }
    }

    /**
     * Called from the component's deactivate method: every current and later wait fails at once,
     * so a request in flight on a component that is going away does not wait for a service that
     * will never be bound to it again.
     */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** @return the current service, or null */
    public synchronized T current() {
        return service;
    }

    /**
     * @param timeout how long to wait for the service at most
     * @param missing builds the error thrown when it does not come
     * @param <E> the error type
     * @return the service
     * @throws E if the service is still missing after {@code timeout}
     */
    public synchronized <E extends Exception> T await(Duration timeout, Supplier<E> missing) throws E {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (service == null || closed) {
            if (closed) {
                throw missing.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw missing.get();
            }
            try {
                Duration left = Duration.ofNanos(remaining);
                wait(Math.max(1, left.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw missing.get();
            }
        }
        return service;
    }
}
