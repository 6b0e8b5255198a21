package org.edgepki.api.access;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The per-caller authorization of edgepki's services. Each service is registered per calling bundle
 * (a bundle-scoped service, so it knows its caller) and asks this policy before every operation in
 * {@link Operations}; what only reads public material (a certificate, a public key, the trust bundle,
 * a status) is not asked for. A caller is known by its bundle symbolic name; edgepki's own bundles are
 * granted what they need, and everything else is denied unless the operator's policy grants it.
 *
 * <p>This governs the services' API between the bundles of one framework. It is not a sandbox: without
 * the OSGi security layer, code in the same JVM can read the key files edgepki's process can read.
 */
@ProviderType
public interface AccessPolicy {

    /**
     * @param caller the bundle calling the service
     * @param operation one of {@link Operations}
     * @param id the key, certificate, credential or module id the operation acts on
     * @throws AuthorizationException if the policy does not grant it; the first denial of each
     *         caller, operation and id is logged
     */
    void check(Caller caller, String operation, String id) throws AuthorizationException;

    /**
     * @param caller the bundle calling the service
     * @param operation one of {@link Operations}
     * @param id the key, certificate, credential or module id the operation acts on
     * @return whether the policy grants it (nothing is logged)
     */
    boolean permits(Caller caller, String operation, String id);
}
