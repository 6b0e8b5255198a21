package org.edgepki.itests;

import java.nio.file.Path;
import javax.inject.Inject;
import org.osgi.framework.BundleContext;

/**
 * What every Pax Exam test of the runtime uses. Pax Exam injects the context after construction
 * and runs no {@code @Before} in the container, hence the lazy accessors; the framework, and the
 * service trackers with it, end with the test class.
 */
public abstract class RuntimeTest {
    @Inject
    protected BundleContext context;
    private Services services;

    /** @return service lookups with bounded waits */
    protected Services services() {
        if (services == null) {
            services = new Services(context);
        }
        return services;
    }

    /** @return the state directory the framework was given (the class is loaded outside and in the probe) */
    protected Path home() {
        return Path.of(context.getProperty("edgepki.home"));
    }
}
