package org.edgepki.credentials.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.api.credential.RenewalTime;
import org.osgi.service.cm.ConfigurationException;

/**
 * Reads one {@code org.edgepki.credential} factory configuration (written by the config.toml
 * adapter, or by hand) into a {@link ManagedCredential}; a wrong value is a
 * {@link ConfigurationException} naming the property.
 */
final class CredentialSettings {
    private static final RenewalTime DEFAULT_THRESHOLD = RenewalTime.percent(80);
    private static final RenewalTime DEFAULT_RETRY = RenewalTime.percent(4);

    private CredentialSettings() {
    }

    static ManagedCredential parse(Map<String, ?> properties) throws ConfigurationException {
        String id = text(properties, "credential_id").orElseThrow(() -> new ConfigurationException("credential_id",
                "the credential id is required"));
        String method = text(properties, "method").orElseThrow(() -> new ConfigurationException("method",
                "the issuance method is required (self_signed, local_ca, est or manual)"));
        Object subject = properties.get("subject");
        List<String> entries = subject instanceof String[] array ? Arrays.asList(array)
                : subject instanceof String single ? List.of(single) : List.of();
        int days = number(properties, "expiry_days").orElse(90);
        if (days < 1) {
            throw new ConfigurationException("expiry_days", "must be at least one day, not " + days);
        }
        // A configuration screen submits every field, the empty ones as "": only a value turns renewal on.
        boolean autoRenew = text(properties, "auto_renew_threshold").isPresent()
                || text(properties, "auto_renew_retry").isPresent() || text(properties, "auto_renew_rotate_key").isPresent();
        RenewalTime threshold = time(properties, "auto_renew_threshold").orElse(DEFAULT_THRESHOLD);
        RenewalTime retry = time(properties, "auto_renew_retry").orElse(DEFAULT_RETRY);
        boolean rotateKey = text(properties, "auto_renew_rotate_key").map(Boolean::parseBoolean).orElse(true);
        CertificateProfile profile = profile(properties, id);
        String keyAlgorithm = text(properties, "key_algorithm")
                .orElse(profile == CertificateProfile.CA ? ManagedCredential.CA_KEY : ManagedCredential.LEAF_KEY);
        return new ManagedCredential(id, method, entries, Duration.ofDays(days), text(properties, "issuer_id"),
                autoRenew && !ManagedCredential.MANUAL.equals(method), rotateKey, threshold, retry,
                Optional.of(profile), keyAlgorithm, endpoint(properties));
    }

    /** The {@code est_*} properties: the credential's own EST URL, user and identities. */
    private static IssuerEndpoint endpoint(Map<String, ?> properties) throws ConfigurationException {
        Optional<URI> url = Optional.empty();
        Optional<String> text = text(properties, "est_url");
        if (text.isPresent()) {
            try {
                URI parsed = new URI(text.get());
                if (!"https".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null
                        || parsed.getUserInfo() != null) {
                    throw new URISyntaxException(text.get(), "an EST URL must be https://host[:port]/path without a"
                            + " user name");
                }
                url = Optional.of(parsed);
            } catch (URISyntaxException e) {
                throw new ConfigurationException("est_url", "'" + text.get() + "' is not an EST URL: " + e.getReason());
            }
        }
        Optional<String> username = text(properties, "est_username");
        // the password belongs to the user: without one of its own, the issuer's user and password apply
        Optional<char[]> password = username.isEmpty() ? Optional.empty()
                : text(properties, "est_password").map(String::toCharArray);
        return new IssuerEndpoint(url, username, password, text(properties, "est_identity_id"),
                text(properties, "est_bootstrap_id"));
    }

    /** The configured profile ({@code ca}, {@code server}, {@code client}); by default a CA for the Edge CA. */
    private static CertificateProfile profile(Map<String, ?> properties, String id) throws ConfigurationException {
        Optional<String> text = text(properties, "profile");
        if (text.isEmpty()) {
            return CredentialIds.EDGE_CA.equals(id) ? CertificateProfile.CA : CertificateProfile.CLIENT;
        }
        for (CertificateProfile profile : CertificateProfile.values()) {
            if (profile.name().equalsIgnoreCase(text.get())) {
                return profile;
            }
        }
        throw new ConfigurationException("profile", "must be ca, server or client, not '" + text.get() + "'");
    }

    private static Optional<String> text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).trim());
    }

    private static Optional<Integer> number(Map<String, ?> properties, String key) throws ConfigurationException {
        Object value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "must be a whole number, not '" + value + "'");
        }
    }

    private static Optional<RenewalTime> time(Map<String, ?> properties, String key) throws ConfigurationException {
        Optional<String> text = text(properties, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RenewalTime.parse(text.get()).orElseThrow(() -> new ConfigurationException(key,
                "'" + text.get() + "' " + RenewalTime.RULE)));
    }
}
