package org.edgepki.api.access;

/**
 * The bundle calling an edgepki service, as the framework tells the bundle-scoped service that serves it.
 *
 * @param symbolicName its bundle symbolic name; empty for a bundle without one
 * @param bundleId its bundle id
 */
public record Caller(String symbolicName, long bundleId) {

    /** Null becomes empty. */
    public Caller {
        symbolicName = symbolicName == null ? "" : symbolicName;
    }

    /** @return such as {@code com.example.app [42]} */
    @Override
    public String toString() {
        return symbolicName + " [" + bundleId + "]";
    }
}
