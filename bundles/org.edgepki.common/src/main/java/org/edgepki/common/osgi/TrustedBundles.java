package org.edgepki.common.osgi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * The bundles whose services edgepki takes into its own work, such as key providers, which receive
 * every key created, and issuers, which decide what is signed: bundle symbolic names, each exact or a
 * glob with {@code *}. By default edgepki's own ({@value #EDGEPKI}); an operator allows more in the
 * consuming component's configuration. A registering bundle is known by the framework's
 * {@code service.bundleid} property, which no registrant can set.
 */
public final class TrustedBundles {
    /** edgepki's own bundles. */
    public static final String EDGEPKI = "org.edgepki.*";
    /** The framework's service property naming the registering bundle (OSGi Core R7 {@code Constants.SERVICE_BUNDLEID}). */
    static final String SERVICE_BUNDLEID = "service.bundleid";
    private final List<Glob> patterns;
    private final List<String> globs;

    private TrustedBundles(List<String> globs) {
        this.globs = globs;
        this.patterns = globs.stream().map(Glob::of).toList();
    }

    /**
     * @param globs symbolic names or globs; null, empty or blank entries are skipped
     * @return the allowlist
     */
    public static TrustedBundles of(String[] globs) {
        return new TrustedBundles(globs == null ? List.of()
                : Stream.of(globs).filter(glob -> glob != null && !glob.isBlank()).map(String::strip).toList());
    }

    /**
     * @param symbolicName a bundle symbolic name
     * @return whether it is trusted
     */
    public boolean allows(String symbolicName) {
        return symbolicName != null && patterns.stream().anyMatch(glob -> glob.matches(symbolicName));
    }

    /**
     * @param serviceProperties a service's properties, as DS passes them to a bind method
     * @param symbolicNames the symbolic name of a bundle id ({@code id -> context.getBundle(id).getSymbolicName()})
     * @return the registering bundle's symbolic name; empty outside a framework (no {@code service.bundleid})
     */
    public static Optional<String> registrant(Map<String, ?> serviceProperties, LongFunction<String> symbolicNames) {
        Object id = serviceProperties.get(SERVICE_BUNDLEID);
        return id instanceof Long bundleId ? Optional.of(String.valueOf(symbolicNames.apply(bundleId))) : Optional.empty();
    }

    @Override
    public String toString() {
        return String.join(", ", globs);
    }
}
