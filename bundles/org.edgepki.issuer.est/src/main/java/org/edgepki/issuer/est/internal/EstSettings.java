package org.edgepki.issuer.est.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.files.SecretFile;

/**
 * {@code [cert_issuance.est]} as the EST issuer uses it, and the rule that picks one certificate's
 * endpoint: its own {@code url}, else {@code urls.<cert id>}, else {@code urls.default}; its own
 * credentials and identities, else the global ones.
 *
 * @param urls the base URLs by certificate id, {@code default} for the others
 * @param username HTTP Basic user, if any
 * @param password its password, if any
 * @param identityId the EST identity's id, if any
 * @param bootstrapId the bootstrap identity's id, if any
 * @param trustedCertsId the EST server CAs' certificate id, if any
 * @param timeout for connecting and each read
 * @param deadline for one whole enrollment
 * @param serviceTimeout how long an issuance waits for the stores
 */
record EstSettings(Map<String, URI> urls, Optional<String> username, Optional<char[]> password,
        Optional<String> identityId, Optional<String> bootstrapId, Optional<String> trustedCertsId, Duration timeout,
        Duration deadline, Duration serviceTimeout) {
    static final String DEFAULT_URL = "default";

    /**
     * @throws IllegalArgumentException naming the property and the rule if a value is wrong
     */
    static EstSettings from(EstIssuerConfig config) {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String entry : config.urls() == null ? new String[0] : config.urls()) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("urls: '" + entry + "' must be <cert id>=<url>");
            }
            urls.put(entry.substring(0, equals).trim(), url("urls." + entry.substring(0, equals).trim(),
                    entry.substring(equals + 1).trim()));
        }
        if (config.timeout__seconds() < 1) {
            throw new IllegalArgumentException("timeout_seconds: must be at least 1, not " + config.timeout__seconds());
        }
        if (config.deadline__seconds() < 1) {
            throw new IllegalArgumentException("deadline_seconds: must be at least 1, not " + config.deadline__seconds());
        }
        Optional<char[]> password = text(config.password()).map(String::toCharArray);
        if (password.isEmpty() && text(config.password__file()).isPresent()) {
            try {
                password = Optional.of(SecretFile.read(Path.of(config.password__file().trim())));
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("password_file: " + e.getMessage());
            }
        }
        return new EstSettings(Map.copyOf(urls), text(config.username()), password,
                text(config.identity__id()), text(config.bootstrap__id()), text(config.trusted__certs__id()),
                Duration.ofSeconds(config.timeout__seconds()), Duration.ofSeconds(config.deadline__seconds()),
                Duration.ofSeconds(Math.max(0, config.service__timeout__seconds())));
    }

    /**
     * @param certId the certificate to enroll
     * @param own its own settings, from its request (each empty one falls back to these settings)
     * @throws IssuanceException if no URL applies
     */
    EstEndpoint endpointFor(String certId, IssuerEndpoint own) throws IssuanceException {
        URI url = own.url().or(() -> Optional.ofNullable(urls.get(certId)))
                .or(() -> Optional.ofNullable(urls.get(DEFAULT_URL)))
                .orElseThrow(() -> new IssuanceException(certId, "no EST URL: set the certificate's url, [cert_issuance.est]"
                        + " urls." + certId + " or urls.default", false, null));
        return new EstEndpoint(url, own.username().or(this::username),
                own.username().isPresent() ? own.password() : password, own.identityId().or(this::identityId),
                own.bootstrapId().or(this::bootstrapId), trustedCertsId);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "EstSettings[" + urls + ", user " + username.orElse("(none)") + "]";
    }

    private static URI url(String key, String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException(key + ": an EST URL must be https://host[:port]/path without a"
                        + " user name, not '" + uri.getScheme() + "://" + uri.getHost() + "...'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + ": not a URL (" + e.getReason() + ")");
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
