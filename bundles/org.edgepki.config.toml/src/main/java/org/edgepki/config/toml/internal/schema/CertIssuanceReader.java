package org.edgepki.config.toml.internal.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.EstSettings;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.LocalCa;

/** Reads {@code [cert_issuance.est]} and {@code [cert_issuance.local_ca]}. */
final class CertIssuanceReader {
    private CertIssuanceReader() {
    }

    /** The keys of [cert_issuance.est.urls]: default, and the ids of the certificates EST issues. */
    static final List<String> URL_KEYS = List.of("default", CredentialIds.EDGE_CA, CredentialIds.DEVICE_ID,
            CredentialIds.EST_ID);

    static Optional<EstSettings> est(TomlSection certIssuance) {
        Optional<TomlSection> table = certIssuance.table("est");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection est = table.get();
        List<String> trusted = est.strings("trusted_certs").orElse(List.of()).stream()
                .map(uri -> Values.checkedFileUri(est, "trusted_certs", uri, "every element "))
                .flatMap(Optional::stream).toList();
        EstEndpoint auth = est.table("auth").map(table1 -> {
            EstEndpoint endpoint = IssuanceReader.estEndpoint(table1, true);
            table1.warnUnknownKeys();
            return endpoint;
        }).orElse(EstEndpoint.NONE);
        Map<String, String> urls = new LinkedHashMap<>();
        est.table("urls").ifPresent(table1 -> {
            for (String certId : table1.keys()) {
                Values.httpsUrl(table1, certId).ifPresent(url -> urls.put(certId, url));
                if (!URL_KEYS.contains(certId) && !auth.identityName().equals(Optional.of(certId))) {
                    // a typo such as edge_ca would silently fall back to default
                    table1.warning(certId, "names no certificate that is issued by EST; the keys are "
                            + String.join(", ", URL_KEYS) + auth.identityName().map(name -> ", " + name).orElse("")
                            + " (a certificate without its own URL uses default)");
                }
            }
        });
        for (String key : IssuanceReader.EST_KEYS) {
            if (!key.equals("url") && est.has(key)) {
                est.error(key, "belongs in [cert_issuance.est.auth]");
            }
        }
        RenewalPolicy identityAutoRenew = Values.autoRenew(est, "identity_auto_renew")
                .orElse(RenewalPolicy.EDGE_CA_DEFAULT);
        est.warnUnknownKeys();
        return Optional.of(new EstSettings(trusted, urls, auth, identityAutoRenew));
    }

    static Optional<LocalCa> localCa(TomlSection certIssuance) {
        Optional<TomlSection> table = certIssuance.table("local_ca");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection localCa = table.get();
        Optional<String> cert = Values.fileUri(localCa, "cert");
        Optional<KeyLocation> pk = Values.keyUri(localCa, "pk");
        if (!localCa.has("cert")) {
            localCa.tableError("needs cert, the local CA certificate (file URI)");
        }
        if (!localCa.has("pk")) {
            localCa.tableError("needs pk, the local CA key (file or PKCS#11 URI)");
        }
        localCa.warnUnknownKeys();
        return cert.isPresent() && pk.isPresent() ? Optional.of(new LocalCa(cert.get(), pk.get())) : Optional.empty();
    }
}
