package org.edgepki.config.toml.internal.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code [edge_ca]}: preloaded ({@code cert} + {@code pk}), issued ({@code method}), or
 * quickstart (anything else, including no section at all).
 */
final class EdgeCaReader {
    private static final Set<String> METHODS = Set.of(Issuance.EST, Issuance.LOCAL_CA, Issuance.SELF_SIGNED);
    private static final String QUICKSTART_EXPIRY = "auto_generated_edge_ca_expiry_days";

    private EdgeCaReader() {
    }

    /** @return the Edge CA, or empty when the section is invalid (errors are reported) */
    static Optional<EdgeCa> read(TomlSection root) {
        if (!root.has("edge_ca")) {
            return Optional.of(new EdgeCa.Quickstart(EdgeCa.Quickstart.DEFAULT_EXPIRY_DAYS,
                    RenewalPolicy.EDGE_CA_DEFAULT));
        }
        Optional<TomlSection> table = root.table("edge_ca");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection edgeCa = table.get();
        boolean preloaded = edgeCa.has("cert") || edgeCa.has("pk");
        boolean issued = edgeCa.has("method");
        Optional<EdgeCa> result;
        if (preloaded && issued) {
            edgeCa.error("method", "an Edge CA either comes from files (cert, pk) or is issued (method), not both");
            result = Optional.empty();
        } else if (preloaded) {
            result = preloaded(edgeCa);
        } else if (issued) {
            result = issued(edgeCa);
        } else {
            result = quickstart(edgeCa);
        }
        edgeCa.warnUnknownKeys();
        return result;
    }

    private static Optional<EdgeCa> preloaded(TomlSection edgeCa) {
        Optional<String> cert = Values.fileUri(edgeCa, "cert");
        Optional<KeyLocation> pk = Values.keyUri(edgeCa, "pk");
        if (!edgeCa.has("cert")) {
            edgeCa.error("pk", "an Edge CA from files needs cert (its certificate chain) next to pk");
        }
        if (!edgeCa.has("pk")) {
            edgeCa.error("cert", "an Edge CA from files needs pk (its private key) next to cert");
        }
        List<String> issuedOnly = List.of(QUICKSTART_EXPIRY, "common_name", "subject", "expiry_days", "auto_renew");
        for (String key : issuedOnly) {
            if (edgeCa.has(key)) {
                edgeCa.error(key, "does not apply to an Edge CA from files (cert, pk); edgepki never renews or"
                        + " changes those files");
            }
        }
        rejectEstKeys(edgeCa, "an Edge CA from files");
        return cert.isPresent() && pk.isPresent() ? Optional.of(new EdgeCa.Preloaded(cert.get(), pk.get()))
                : Optional.empty();
    }

    private static Optional<EdgeCa> issued(TomlSection edgeCa) {
        if (edgeCa.has(QUICKSTART_EXPIRY)) {
            edgeCa.error(QUICKSTART_EXPIRY, "is for the quickstart Edge CA; with method set, use expiry_days");
        }
        Optional<Issuance> issuance = IssuanceReader.read(edgeCa, METHODS);
        if (issuance.isEmpty()) {
            return Optional.empty();
        }
        Issuance withDefault = issuance.get().autoRenew().isPresent() ? issuance.get()
                : new Issuance(issuance.get().method(), issuance.get().subject(), issuance.get().expiryDays(),
                        issuance.get().est(), Optional.of(RenewalPolicy.EDGE_CA_DEFAULT));
        return Optional.of(new EdgeCa.Issued(withDefault));
    }

    private static Optional<EdgeCa> quickstart(TomlSection edgeCa) {
        for (String key : List.of("common_name", "subject", "expiry_days")) {
            if (edgeCa.has(key)) {
                edgeCa.error(key, "needs method = \"self_signed\", \"local_ca\" or \"est\"; the quickstart Edge CA"
                        + " takes only " + QUICKSTART_EXPIRY);
            }
        }
        rejectEstKeys(edgeCa, "the quickstart Edge CA (no method)");
        Optional<Integer> days = Values.days(edgeCa, QUICKSTART_EXPIRY);
        Optional<RenewalPolicy> autoRenew = Values.autoRenew(edgeCa, "auto_renew");
        if (autoRenew.isPresent() && !autoRenew.get().rotateKey()) {
            edgeCa.error("auto_renew", "rotate_key must be true for the quickstart Edge CA (its certificate and key"
                    + " are renewed together); use method = \"self_signed\" to keep the key");
            return Optional.empty();
        }
        if (edgeCa.has(QUICKSTART_EXPIRY) && days.isEmpty() || edgeCa.has("auto_renew") && autoRenew.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EdgeCa.Quickstart(days.orElse(EdgeCa.Quickstart.DEFAULT_EXPIRY_DAYS),
                autoRenew.orElse(RenewalPolicy.EDGE_CA_DEFAULT)));
    }

    private static void rejectEstKeys(TomlSection edgeCa, String what) {
        for (String key : IssuanceReader.EST_KEYS) {
            if (edgeCa.has(key)) {
                edgeCa.error(key, "does not apply to " + what + "; it belongs with method = \"est\"");
            }
        }
    }
}
