package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.naming.DeviceNames;

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
 * @param profile what the certificate is for; empty keeps the current certificate's (module certificates)
 * @param keyAlgorithm key preference for a new key ({@code rsa-2048}, {@code ec-p256:rsa-2048:*})
 * @param endpoint its own settings for a remote issuer (EST URL, user, identities), passed in every request
 */
record ManagedCredential(String id, String method, List<String> subject, Duration validity, Optional<String> issuerId,
        boolean autoRenew, boolean rotateKey, RenewalTime threshold, RenewalTime retry,
        Optional<CertificateProfile> profile, String keyAlgorithm, IssuerEndpoint endpoint) {

    /** A manual credential: preloaded files, validated and never written. */
    static final String MANUAL = "manual";
    /** The issuer method that makes self-signed certificates (quickstart). */
    static final String SELF_SIGNED = "self_signed";
    /** Key preference of a CA's new key, and of everything else's. */
    static final String CA_KEY = "rsa-2048";
    static final String LEAF_KEY = "ec-p256:rsa-2048:*";

    ManagedCredential {
        subject = List.copyOf(subject);
    }

    /** @return whether edgepki only validates this credential (its files are the operator's) */
    boolean manual() {
        return MANUAL.equals(method);
    }

    /**
     * IoT Edge's {@code auto_renew} defaults: renew at 80 % of the lifetime, retry every 4 % of it. Module certificates
     * (as IoT Edge's workload API renews them) and the default Edge CA are renewed so too.
     */
    static final RenewalTime DEFAULT_THRESHOLD = RenewalTime.percent(80);
    static final RenewalTime DEFAULT_RETRY = RenewalTime.percent(4);

    /**
     * A module certificate issued from the Edge CA by the edge bundle, renewed with its key, its
     * subject, names and purpose, and its lifetime, at 80 % of it.
     */
    static ManagedCredential moduleCertificate(String id, X509Certificate leaf) {
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        return new ManagedCredential(id, "local_ca", List.of(), lifetime.isNegative() || lifetime.isZero()
                ? Duration.ofDays(1) : lifetime, Optional.of(CredentialIds.EDGE_CA), true, false, DEFAULT_THRESHOLD,
                DEFAULT_RETRY, Optional.empty(), LEAF_KEY, IssuerEndpoint.NONE);
    }

    /**
     * IoT Edge's default Edge CA, used when no configuration names one: quickstart (self-signed), 90 days, named
     * {@code aziot-edge CA <hostname>}, renewed with a new key at 80 %.
     */
    static ManagedCredential defaultEdgeCa(String hostname) {
        String commonName = DeviceNames.defaultEdgeCaCommonName(hostname.trim().toLowerCase());
        return new ManagedCredential(CredentialIds.EDGE_CA, SELF_SIGNED, List.of("CN=" + commonName), Duration.ofDays(90),
                Optional.empty(), true, true, DEFAULT_THRESHOLD, DEFAULT_RETRY, Optional.of(CertificateProfile.CA), CA_KEY,
                IssuerEndpoint.NONE);
    }

    /** @return the policy in words, for status pages */
    String policyText() {
        if (manual()) {
            return "manual: files from your PKI, validated, never renewed by edgepki";
        }
        if (!autoRenew) {
            return "not renewed automatically (no auto_renew)";
        }
        return (rotateKey ? "rotate key" : "keep key") + ", renew at " + threshold
                + (threshold.isPercentage() ? " of the lifetime" : " before expiry") + ", retry every " + retry;
    }
}
