package org.edgepki.config.toml.internal.schema;

import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.common.files.StoreFileName;

/**
 * {@code identity_cert} and {@code identity_pk} given as names, not URIs, as one version of the
 * documentation shows ({@code identity_cert = "my-est-id-cert-name"}): the id the EST identity
 * enrolled with the bootstrap identity is stored under, instead of edgepki's own. A value with a
 * scheme ({@code file:}, {@code pkcs11:}) or an absolute path is not a name: it is read as a URI.
 */
final class IdentityNames {
    /** Ids edgepki gives credentials of its own: a name must not take one. */
    private static final List<String> RESERVED = List.of(CredentialIds.EDGE_CA, CredentialIds.TRUST_BUNDLE,
            CredentialIds.USER_TRUST_BUNDLE, CredentialIds.DEVICE_ID, CredentialIds.EST_BOOTSTRAP_ID, Preloads.LOCAL_CA,
            Preloads.EST_SERVER_CA, Preloads.estIdentityOf(CredentialIds.EDGE_CA),
            Preloads.estIdentityOf(CredentialIds.DEVICE_ID), Preloads.estBootstrapOf(CredentialIds.EDGE_CA),
            Preloads.estBootstrapOf(CredentialIds.DEVICE_ID));

    private IdentityNames() {
    }

    /** @return whether either key of the table gives a name rather than a URI */
    static boolean given(TomlSection table) {
        return table.string("identity_cert").filter(IdentityNames::isName).isPresent()
                || table.string("identity_pk").filter(IdentityNames::isName).isPresent();
    }

    /**
     * @return the id to store the EST identity under, from the names given; empty when they break a
     *     rule (each reported at its key)
     */
    static Optional<String> read(TomlSection table) {
        Optional<String> certName = valid(table, "identity_cert");
        Optional<String> pkName = valid(table, "identity_pk");
        return certName.isPresent() || pkName.isPresent() ? identityName(table, certName, pkName) : Optional.empty();
    }

    /** @return the key's value when it is a valid name; empty when absent, a URI, or not valid (reported) */
    private static Optional<String> valid(TomlSection table, String key) {
        Optional<String> value = table.string(key).filter(IdentityNames::isName);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String name = value.get();
        try {
            StoreFileName.requireValidId(name);
        } catch (IllegalArgumentException e) {
            table.error(key, "is not a valid name for the EST identity: " + e.getMessage());
            return Optional.empty();
        }
        if (RESERVED.contains(name) || name.startsWith(CredentialIds.MODULE_PREFIX)
                || name.endsWith(CredentialIds.TEMP_SUFFIX)) {
            table.error(key, "\"" + name + "\" is an id edgepki uses for another credential (or a temporary one);"
                    + " choose another name for the EST identity");
            return Optional.empty();
        }
        return value;
    }

    /**
     * The id to store the EST identity under, from the names given. edgepki keeps a credential's key
     * under its certificate's id, so when both are names and differ, the key follows the certificate
     * (a warning says so).
     */
    private static Optional<String> identityName(TomlSection table, Optional<String> certName, Optional<String> pkName) {
        boolean uriBeside = certName.isEmpty() && table.string("identity_cert").filter(value -> !isName(value)).isPresent()
                || pkName.isEmpty() && table.string("identity_pk").filter(value -> !isName(value)).isPresent();
        if (uriBeside) {
            table.error(certName.isPresent() ? "identity_cert" : "identity_pk", "is a name, so the other of"
                    + " identity_cert and identity_pk must be a name too (or both file/PKCS#11 URIs of an EST"
                    + " identity already on the device)");
            return Optional.empty();
        }
        String key = certName.isPresent() ? "identity_cert" : "identity_pk";
        if (!table.has("bootstrap_identity_cert")) {
            table.error(key, "is a name: the id an EST identity enrolled with the bootstrap identity is stored under;"
                    + " give bootstrap_identity_cert and bootstrap_identity_pk too, or make identity_cert and"
                    + " identity_pk the file/PKCS#11 URIs of an EST identity already on the device");
            return Optional.empty();
        }
        if (certName.isPresent() && pkName.isPresent() && !certName.equals(pkName)) {
            table.warning("identity_pk", "edgepki keeps a credential's key under its certificate's id: the EST"
                    + " identity's key is stored as \"" + certName.get() + "\", not \"" + pkName.get() + "\"");
        }
        return certName.or(() -> pkName);
    }

    /** A value with no scheme that is not a path: {@code my-est-id}, not {@code file:///…} or {@code /var/…}. */
    private static boolean isName(String value) {
        return !value.isEmpty() && value.indexOf(':') < 0 && !value.startsWith("/") && !value.startsWith(".");
    }
}
