package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.common.renewal.RenewalTime;

/**
 * A credential edgepki issues and renews, from its {@code org.edgepki.credential} configuration.
 *
 * @param id the certificate and key id
 * @param method the issuer's method
 * @param subject requested subject as {@code ATTR=value} entries; empty keeps the current one
 * @param validity requested lifetime
 * @param issuerId for {@code local_ca}: the CA's id, or empty for the issuer's own
 * @param autoRenew whether it is renewed when due (an {@code auto_renew} table is set); if not,
 *        only {@code renewNow} renews it
 * @param rotateKey whether renewal makes a new key
 * @param threshold when renewal starts
 * @param retry how often a failed renewal is tried again
 */
record ManagedCredential(String id, String method, List<String> subject, Duration validity, Optional<String> issuerId,
        boolean autoRenew, boolean rotateKey, RenewalTime threshold, RenewalTime retry) {

    ManagedCredential {
        subject = List.copyOf(subject);
    }

    /** How a module certificate is renewed: like IoT Edge's workload API, with the same key. */
    static final RenewalTime MODULE_THRESHOLD = RenewalTime.percent(80);
    static final RenewalTime MODULE_RETRY = RenewalTime.percent(4);

    /**
     * A module certificate issued from the Edge CA by the edge bundle, renewed with its key, its
     * subject, names and purpose, and its lifetime, at 80 % of it.
     */
    static ManagedCredential moduleCertificate(String id, X509Certificate leaf) {
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        return new ManagedCredential(id, "local_ca", List.of(), lifetime.isNegative() || lifetime.isZero()
                ? Duration.ofDays(1) : lifetime, Optional.of(CredentialIds.EDGE_CA), true, false, MODULE_THRESHOLD,
                MODULE_RETRY);
    }

    /** @return the policy in words, for status pages */
    String policyText() {
        if (!autoRenew) {
            return "not renewed automatically (no auto_renew)";
        }
        return (rotateKey ? "rotate key" : "keep key") + ", renew at " + threshold
                + (threshold.isPercentage() ? " of the lifetime" : " before expiry") + ", retry every " + retry;
    }
}
