package org.edgepki.itests;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Finds services the way a client of edgepki would: a bounded wait, then a clear failure. Trackers
 * stay open until {@link #close()} (closing one ungets its service, which would break a
 * bundle-scoped service such as ConfigurationAdmin while the test still uses it).
 */
public final class Services implements AutoCloseable {
    private final BundleContext context;
    private final Map<Class<?>, ServiceTracker<?, ?>> trackers = new HashMap<>();

    public Services(BundleContext context) {
        this.context = context;
    }

    /** @return the service, waiting up to 60 s for it */
    public <T> T get(Class<T> type) {
        return get(type, Duration.ofSeconds(60));
    }

    /** @return the service, waiting up to {@code timeout}; fails the test if it does not come */
    public <T> T get(Class<T> type, Duration timeout) {
        T service = find(type, timeout);
        if (service == null) {
            throw new AssertionError(type.getSimpleName() + " did not appear within " + timeout.toSeconds() + " s");
        }
        return service;
    }

    /** @return the service, or null if it does not appear within {@code timeout} */
    public <T> T find(Class<T> type, Duration timeout) {
        ServiceTracker<T, T> tracker = tracker(type);
        try {
            return tracker.waitForService(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getSimpleName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> ServiceTracker<T, T> tracker(Class<T> type) {
        return (ServiceTracker<T, T>) trackers.computeIfAbsent(type, t -> {
            ServiceTracker<T, T> newTracker = new ServiceTracker<>(context, type, null);
            newTracker.open();
            return newTracker;
        });
    }

    @Override
    public synchronized void close() {
        trackers.values().forEach(ServiceTracker::close);
        trackers.clear();
    }
}
