package org.edgepki.config.toml.internal.schema;

import java.util.Optional;

/**
 * How a certificate is issued dynamically: the {@code method} table of {@code [edge_ca]} or of an
 * {@code identity_cert}, with its per-certificate EST settings.
 *
 * @param method {@code est}, {@code local_ca} or {@code self_signed}
 * @param subject the requested subject, or empty for the default
 * @param expiryDays requested lifetime in days, or empty for the default
 * @param est per-certificate EST settings (url, credentials); empty values fall back to
 *        {@code [cert_issuance.est]}
 * @param autoRenew renewal policy, or empty when none is set
 */
public record Issuance(String method, Optional<DistinguishedName> subject, Optional<Integer> expiryDays,
        EstEndpoint est, Optional<RenewalPolicy> autoRenew) {
    public static final String EST = "est";
    public static final String LOCAL_CA = "local_ca";
    public static final String SELF_SIGNED = "self_signed";
}
