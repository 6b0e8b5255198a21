package org.edgepki.common.osgi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Decides which registered services of one kind (key providers, issuers) edgepki takes into its work: those
 * registered by {@link TrustedBundles}. One of another bundle is refused, and logged once per service saying
 * how the operator trusts it. Until {@link #trust} is first called (the consuming component activates after DS
 * binds its services) nothing registered in a framework is allowed. Thread-safe.
 */
public final class TrustedRegistrations {
    private final String kind;
    private final String howToTrust;
    private final Logger log;
    private final Set<Long> reported = new HashSet<>();
    private TrustedBundles trusted = TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI});
    private LongFunction<String> bundleNames;

    /**
     * @param kind what the services are, such as {@code key provider}, for the log
     * @param howToTrust where the operator adds a bundle, such as {@code key_provider_bundles of org.edgepki.keystore}
     * @param log the consuming component's logger
     */
    public TrustedRegistrations(String kind, String howToTrust, Logger log) {
        this.kind = kind;
        this.howToTrust = howToTrust;
        this.log = log;
    }

    /**
     * @param trustedBundles the bundles whose services are used
     * @param symbolicNames a bundle id's symbolic name
     */
    public synchronized void trust(TrustedBundles trustedBundles, LongFunction<String> symbolicNames) {
        trusted = trustedBundles;
        bundleNames = symbolicNames;
        reported.clear();
    }

    /** @return whether {@link #trust} was called: registrations of a framework can be decided */
    public synchronized boolean decided() {
        return bundleNames != null;
    }

    /**
     * @param bundleId the registering bundle ({@code service.bundleid}); null outside a framework, where every
     *        service is the caller's own
     * @return whether its services are used (nothing is logged)
     */
    public synchronized boolean allows(Long bundleId) {
        return bundleId == null || bundleNames != null && trusted.allows(bundleNames.apply(bundleId));
    }

    /**
     * @param bundleId the registering bundle, or null outside a framework
     * @param serviceId the service, so that it is logged once
     * @param what the service in words, such as {@code for scheme [file]}
     * @return whether it is used; a refusal is logged the first time
     */
    public synchronized boolean admit(Long bundleId, long serviceId, String what) {
        if (allows(bundleId)) {
            return true;
        }
        if (bundleNames != null && reported.add(serviceId)) {
            log.log(Level.WARNING, "The {0} {1} from bundle {2} (id {3}) is not used: only the {0}s of trusted bundles"
                    + " ({4}) are; to trust it, add its symbolic name to {5}", kind, what,
                    bundleNames.apply(bundleId), bundleId, trusted, howToTrust);
        }
        return false;
    }
}
