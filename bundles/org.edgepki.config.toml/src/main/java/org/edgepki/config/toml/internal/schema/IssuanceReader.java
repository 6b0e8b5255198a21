package org.edgepki.config.toml.internal.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an issuance table — {@code [edge_ca]} with a {@code method}, or an {@code identity_cert}
 * table — and the EST settings a table may carry.
 */
final class IssuanceReader {
    static final List<String> EST_KEYS = List.of("url", "username", "password", "identity_cert", "identity_pk",
            "bootstrap_identity_cert", "bootstrap_identity_pk");

    private IssuanceReader() {
    }

    /**
     * @param methods the methods allowed here
     * @return the issuance, or empty when the table is invalid (errors are reported)
     */
    static Optional<Issuance> read(TomlSection table, Set<String> methods) {
        Optional<String> method = table.text("method");
        if (method.isEmpty()) {
            if (!table.has("method")) {
                table.tableError("needs method = " + quotedList(methods));
            }
            return Optional.empty();
        }
        if (!methods.contains(method.get())) {
            table.error("method", "\"" + method.get() + "\" is not an issuance method here; use " + quotedList(methods));
            return Optional.empty();
        }
        Optional<DistinguishedName> subject = Values.subject(table);
        Optional<Integer> expiryDays = Values.days(table, "expiry_days");
        EstEndpoint est = estEndpoint(table, false);
        if (!method.get().equals(Issuance.EST)) {
            for (String key : EST_KEYS) {
                if (table.has(key)) {
                    table.error(key, "only applies to method = \"est\", not \"" + method.get() + "\"");
                }
            }
        }
        Optional<RenewalPolicy> autoRenew = Values.autoRenew(table, "auto_renew");
        return Optional.of(new Issuance(method.get(), subject, expiryDays, est, autoRenew));
    }

    /**
     * EST settings of a table: url (unless {@code urlElsewhere}), username/password, identity and
     * bootstrap certificate/key, each pair complete.
     */
    static EstEndpoint estEndpoint(TomlSection table, boolean urlElsewhere) {
        Optional<String> url = urlElsewhere ? Optional.empty() : Values.httpsUrl(table, "url");
        Optional<String> username = table.text("username");
        Optional<Secret> password = table.string("password").map(Secret::new);
        pair(table, "username", username.isPresent(), "password", password.isPresent());
        Optional<String> bootstrapCert = Values.fileUri(table, "bootstrap_identity_cert");
        Optional<KeyLocation> bootstrapPk = Values.keyUri(table, "bootstrap_identity_pk");
        pair(table, "bootstrap_identity_cert", table.has("bootstrap_identity_cert"), "bootstrap_identity_pk",
                table.has("bootstrap_identity_pk"));
        if (IdentityNames.given(table)) {
            return new EstEndpoint(url, username, password, Optional.empty(), Optional.empty(), bootstrapCert,
                    bootstrapPk, IdentityNames.read(table));
        }
        Optional<String> identityCert = Values.fileUri(table, "identity_cert");
        Optional<KeyLocation> identityPk = Values.keyUri(table, "identity_pk");
        pair(table, "identity_cert", table.has("identity_cert"), "identity_pk", table.has("identity_pk"));
        return new EstEndpoint(url, username, password, identityCert, identityPk, bootstrapCert, bootstrapPk,
                Optional.empty());
    }

    private static void pair(TomlSection table, String first, boolean hasFirst, String second, boolean hasSecond) {
        if (hasFirst && !hasSecond) {
            table.error(first, "needs " + second + " next to it");
        } else if (hasSecond && !hasFirst) {
            table.error(second, "needs " + first + " next to it");
        }
    }

    static String quotedList(Set<String> values) {
        return String.join(" | ", values.stream().sorted().map(value -> '"' + value + '"').toList());
    }
}
