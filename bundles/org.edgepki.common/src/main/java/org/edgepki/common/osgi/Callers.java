package org.edgepki.common.osgi;

import org.edgepki.api.access.Caller;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;

/** The calling bundle of a bundle-scoped component instance. */
public final class Callers {
    private Callers() {
    }

    /**
     * @param context the context of a component registered with {@code scope = ServiceScope.BUNDLE}
     * @return the bundle this instance serves
     * @throws IllegalStateException if the component is not serving a bundle (not bundle-scoped)
     */
    public static Caller of(ComponentContext context) {
        Bundle bundle = context.getUsingBundle();
        if (bundle == null) {
            throw new IllegalStateException("not a bundle-scoped service instance: no using bundle");
        }
        return new Caller(bundle.getSymbolicName(), bundle.getBundleId());
    }
}
