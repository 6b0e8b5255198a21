package org.edgepki.credentials.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.files.SecretFile;
import org.osgi.service.cm.ConfigurationException;

/**
 * Reads one {@code org.edgepki.credential} configuration (written by the config.toml adapter, or by hand), as DS
 * gives it typed ({@link CredentialConfig}), into a {@link ManagedCredential}; a wrong value is a
 * {@link ConfigurationException} naming the property.
 */
final class CredentialSettings {
    private CredentialSettings() {
    }

    static ManagedCredential from(CredentialConfig config) throws ConfigurationException {
        String id = text(config.credential__id()).orElseThrow(() -> new ConfigurationException("credential_id",
                "the credential id is required"));
        String method = text(config.method()).orElseThrow(() -> new ConfigurationException("method",
                "the issuance method is required (self_signed, local_ca, est or manual)"));
        List<String> subject = config.subject() == null ? List.of()
                : Arrays.stream(config.subject()).filter(entry -> entry != null && !entry.isBlank()).toList();
        int days = config.expiry__days();
        if (days < 1) {
            throw new ConfigurationException("expiry_days", "must be at least one day, not " + days);
        }
        // A configuration screen submits every field, the empty ones as "": only a value turns renewal on.
        boolean autoRenew = text(config.auto__renew__threshold()).isPresent()
                || text(config.auto__renew__retry()).isPresent() || text(config.auto__renew__rotate__key()).isPresent();
        RenewalTime threshold = time("auto_renew_threshold", config.auto__renew__threshold())
                .orElse(ManagedCredential.DEFAULT_THRESHOLD);
        RenewalTime retry = time("auto_renew_retry", config.auto__renew__retry()).orElse(ManagedCredential.DEFAULT_RETRY);
        boolean rotateKey = text(config.auto__renew__rotate__key()).map(Boolean::parseBoolean).orElse(true);
        CertificateProfile profile = profile(config.profile(), id);
        String keyAlgorithm = text(config.key__algorithm())
                .orElse(profile == CertificateProfile.CA ? ManagedCredential.CA_KEY : ManagedCredential.LEAF_KEY);
        return new ManagedCredential(id, method, subject, Duration.ofDays(days), text(config.issuer__id()),
                autoRenew && !ManagedCredential.MANUAL.equals(method), rotateKey, threshold, retry,
                Optional.of(profile), keyAlgorithm, endpoint(config));
    }

    /** The configured profile ({@code ca}, {@code server}, {@code client}); by default a CA for the Edge CA. */
    private static CertificateProfile profile(String configured, String id) throws ConfigurationException {
        Optional<String> text = text(configured);
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

    /** The {@code est_*} properties: the credential's own EST URL, user and identities. */
    private static IssuerEndpoint endpoint(CredentialConfig config) throws ConfigurationException {
        Optional<URI> url = Optional.empty();
        Optional<String> text = text(config.est__url());
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
                // the value itself is not repeated: a URL with a user name may hold a password
                throw new ConfigurationException("est_url", "is not an EST URL: " + e.getReason());
            }
        }
        Optional<String> username = text(config.est__username());
        // the password belongs to the user: without one of its own, the issuer's user and password apply
        Optional<char[]> password = Optional.empty();
        if (username.isPresent()) {
            password = text(config.est__password()).map(String::toCharArray);
            if (password.isEmpty()) {
                password = secret("est_password_file", config.est__password__file());
            }
        }
        return new IssuerEndpoint(url, username, password, text(config.est__identity__id()),
                text(config.est__bootstrap__id()));
    }

    /** The secret in the file a property names; a file that cannot be read is a configuration error. */
    private static Optional<char[]> secret(String property, String file) throws ConfigurationException {
        Optional<String> path = text(file);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretFile.read(Path.of(path.get())));
        } catch (IOException | InvalidPathException e) {
            throw new ConfigurationException(property, e.getMessage());
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<RenewalTime> time(String property, String value) throws ConfigurationException {
        Optional<String> text = text(value);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RenewalTime.parse(text.get()).orElseThrow(() -> new ConfigurationException(property,
                "'" + text.get() + "' " + RenewalTime.RULE)));
    }
}
