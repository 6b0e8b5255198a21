package org.edgepki.credentials.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.common.osgi.AwaitedServices;
import org.edgepki.common.osgi.TrustedBundles;
import org.edgepki.common.osgi.TrustedRegistrations;

/**
 * The issuers the credential service uses: those registered by trusted bundles only
 * ({@link TrustedBundles}, configured as {@code issuer_bundles}). An issuer decides what is signed
 * for the gateway's identities, so another bundle must not slip one in; one from any other bundle is
 * ignored and logged once, and used as soon as the operator trusts its bundle. Thread-safe.
 */
final class TrustedIssuers {
    private final AwaitedServices<CertificateIssuer> used;
    private final Map<CertificateIssuer, Registration> registered = new IdentityHashMap<>();
    private final TrustedRegistrations trusted = new TrustedRegistrations("issuer", "issuer_bundles of "
            + RenewalScheduler.PID, System.getLogger(TrustedIssuers.class.getName()));

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
        trusted.trust(trustedBundles, symbolicNames);
        // the untrusted out first, so that one going does not take a trusted issuer of its method along
        registered.forEach((issuer, registration) -> {
            if (!trusted.allows(registration.bundleId())) {
                apply(issuer, registration);
            }
        });
        registered.forEach((issuer, registration) -> {
            if (trusted.allows(registration.bundleId())) {
                apply(issuer, registration);
            }
        });
    }

    private void apply(CertificateIssuer issuer, Registration registration) {
        if (!trusted.decided() && registration.bundleId() != null) {
            return; // decided by trust(), when the component activates
        }
        if (trusted.admit(registration.bundleId(), registration.serviceId(), "with method " + registration.method())) {
            used.bind(registration.method(), issuer);
        } else {
            used.unbind(registration.method(), issuer);
        }
    }
}
