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
 */
public record EstEndpoint(Optional<String> url, Optional<String> username, Optional<Secret> password,
        Optional<String> identityCert, Optional<KeyLocation> identityPk, Optional<String> bootstrapCert,
        Optional<KeyLocation> bootstrapPk) {

    public static final EstEndpoint NONE = new EstEndpoint(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
