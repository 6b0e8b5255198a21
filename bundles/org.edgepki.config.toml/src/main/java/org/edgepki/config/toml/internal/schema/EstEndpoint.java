package org.edgepki.config.toml.internal.schema;

import java.util.Optional;

/**
 * EST settings that may be given globally ({@code [cert_issuance.est]} and its {@code auth}) or
 * per certificate ({@code [edge_ca]}, an {@code identity_cert} table). Every field is optional.
 *
 * @param url the EST server's base URL ({@code https://host/.well-known/est})
 * @param username HTTP Basic user name
 * @param password HTTP Basic password
 * @param identityCert file URI of an EST identity certificate already on the device
 * @param identityPk its key
 * @param bootstrapCert file URI of the EST bootstrap certificate
 * @param bootstrapPk its key
 * @param identityName the id the EST identity enrolled with the bootstrap identity is stored under,
 *     when {@code identity_cert} (or {@code identity_pk}) gives a name instead of a URI
 */
public record EstEndpoint(Optional<String> url, Optional<String> username, Optional<Secret> password,
        Optional<String> identityCert, Optional<KeyLocation> identityPk, Optional<String> bootstrapCert,
        Optional<KeyLocation> bootstrapPk, Optional<String> identityName) {

    public static final EstEndpoint NONE = new EstEndpoint(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * @param standard the id edgepki gives this EST identity when no name is configured
     * @return the id the EST identity enrolled with the bootstrap identity is stored under
     */
    public String identityId(String standard) {
        return identityName.orElse(standard);
    }
}
