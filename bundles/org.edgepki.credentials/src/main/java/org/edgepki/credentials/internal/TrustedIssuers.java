package org.edgepki.credentials.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.common.osgi.AwaitedServices;
import org.edgepki.common.osgi.TrustedBundles;

/**
 * The issuers the credential service uses: those registered by trusted bundles only
 * ({@link TrustedBundles}, configured as {@code issuer_bundles}). An issuer decides what is signed
 * for the gateway's identities, so another bundle must not slip one in; one from any other bundle is
 * ignored and logged once, and used as soon as the operator trusts its bundle. Thread-safe.
 */
final class TrustedIssuers {
    private static final Logger LOG = System.getLogger(TrustedIssuers.class.getName());

    private final AwaitedServices<CertificateIssuer> used;
    private final Map<CertificateIssuer, Registration> registered = new IdentityHashMap<>();
    private final Set<Long> reported = new HashSet<>();
    private TrustedBundles trusted = TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI});
    /** Null until the component is activated (DS binds before it activates): nothing is decided before. */
    private LongFunction<String> bundleNames;

    /** @param used where the trusted issuers go, by method */
    TrustedIssuers(AwaitedServices<CertificateIssuer> used) {
        this.used = used;
    }

    /** An issuer's method, service id and registering bundle (null outside a framework). */
    private record Registration(String method, long serviceId, Long bundleId) {
    }

    synchronized void add(CertificateIssuer issuer, Map<String, ?> properties) {
        Object serviceId = properties.get("service.id");
        Object bundleId = properties.get("service.bundleid");
        Registration registration = new Registration(String.valueOf(properties.get(CertificateIssuer.METHOD)),
                serviceId instanceof Long id ? id : -1, bundleId instanceof Long id ? id : null);
        registered.put(issuer, registration);
        apply(issuer, registration);
    }

    synchronized void remove(CertificateIssuer issuer) {
        Registration registration = registered.remove(issuer);
        if (registration != null) {
            used.unbind(registration.method(), issuer);
        }
    }

    /**
     * @param trustedBundles the bundles whose issuers are used
     * @param symbolicNames a bundle id's symbolic name
     */
    synchronized void trust(TrustedBundles trustedBundles, LongFunction<String> symbolicNames) {
        trusted = trustedBundles;
        bundleNames = symbolicNames;
        reported.clear();
        // the untrusted out first, so that one going does not take a trusted issuer of its method along
        registered.forEach((issuer, registration) -> {
            if (!allowed(registration)) {
                apply(issuer, registration);
            }
        });
        registered.forEach((issuer, registration) -> {
            if (allowed(registration)) {
                apply(issuer, registration);
            }
        });
    }

    private boolean allowed(Registration registration) {
        return registration.bundleId() == null || trusted.allows(bundleNames.apply(registration.bundleId()));
    }

    private void apply(CertificateIssuer issuer, Registration registration) {
        if (bundleNames == null && registration.bundleId() != null) {
            return; // decided by trust(), when the component activates
        }
        if (allowed(registration)) {
            used.bind(registration.method(), issuer);
            return;
        }
        used.unbind(registration.method(), issuer);
        String name = bundleNames.apply(registration.bundleId());
        if (reported.add(registration.serviceId())) {
            LOG.log(Level.WARNING, "The issuer with method {0} from bundle {1} (id {2}) is not used: only issuers of"
                    + " trusted bundles ({3}) issue credentials; to trust it, add its symbolic name to issuer_bundles"
                    + " of {4}", registration.method(), name, registration.bundleId(), trusted, RenewalScheduler.PID);
        }
    }
}
