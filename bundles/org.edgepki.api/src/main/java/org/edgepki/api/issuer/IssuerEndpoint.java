package org.edgepki.api.issuer;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a remote issuer (EST) enrolls one credential, from that credential's own settings (config.toml's
 * {@code [edge_ca] url}, {@code username}, ... ). What is empty falls back to the issuer's own configuration
 * ({@code [cert_issuance.est]}). The credential service puts it in every {@link IssuanceRequest}, so an issuer never
 * reads another bundle's configuration.
 *
 * @param url the enrollment URL
 * @param username the HTTP Basic user
 * @param password its password; never shown by {@link #toString()}
 * @param identityId the id of the client certificate and key to authenticate with (the EST identity)
 * @param bootstrapId the id of the bootstrap certificate and key the EST identity is enrolled with
 */
public record IssuerEndpoint(Optional<URI> url, Optional<String> username, Optional<char[]> password,
        Optional<String> identityId, Optional<String> bootstrapId) {

    /** No settings of its own: the issuer's configuration applies. */
    public static final IssuerEndpoint NONE = new IssuerEndpoint(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Checks that no component is null. */
    public IssuerEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(bootstrapId, "bootstrapId");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "IssuerEndpoint[" + url.map(URI::toString).orElse("(issuer's)") + ", user "
                + username.orElse("(issuer's)") + ", identity " + identityId.orElse("(issuer's)") + ", bootstrap "
                + bootstrapId.orElse("(issuer's)") + "]";
    }
}
