package org.edgepki.common.osgi;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Holds a dynamic service reference and lets callers wait a bounded time for it, so that a call
 * made while the providing bundle is being updated succeeds when the service returns, or fails
 * with a clear retryable error instead of hanging or failing at once. A single-service view of
 * {@link AwaitedServices}.
 *
 * @param <T> the service type
 */
public final class AwaitedService<T> {
    private static final String ONLY = "";
    private final AwaitedServices<T> services = new AwaitedServices<>();

    /** Called from the DS bind method. */
    public void bind(T newService) {
        services.bind(ONLY, newService);
    }

    /** Called from the DS unbind method; ignores a stale unbind of a replaced service. */
    public void unbind(T oldService) {
        services.unbind(ONLY, oldService);
    }

    /**
     * Called from the component's deactivate method: every current and later wait fails at once,
     * so a request in flight on a component that is going away does not wait for a service that
     * will never be bound to it again.
     */
    public void close() {
        services.close();
    }

    /** @return the current service, or null */
    public T current() {
        return services.current(ONLY);
    }

    /**
     * @param timeout how long to wait for the service at most
     * @param missing builds the error thrown when it does not come
     * @param <E> the error type
     * @return the service
     * @throws E if the service is still missing after {@code timeout}, or this holder is closed
     */
    public <E extends Exception> T await(Duration timeout, Supplier<E> missing) throws E {
        return services.await(ONLY, timeout, missing);
    }
}
