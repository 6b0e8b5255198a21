package org.edgepki.config.toml.internal.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.config.toml.internal.schema.Provisioning.X509Identity;

/**
 * The files a configuration hands to the key and certificate stores, by the ids IoT Edge uses:
 * {@code [edge_ca] cert/pk} become {@code aziot-edged-ca}, {@code trust_bundle_cert} becomes
 * {@code trust-bundle-user}, and so on, followed by the explicit {@code [preloaded_keys]} and
 * {@code [preloaded_certs]}.
 *
 * @param keys key id → location
 * @param certs certificate id → file URIs (concatenated)
 * @param sources id → the config key that set it, for messages
 */
public record Preloads(Map<String, KeyLocation> keys, Map<String, List<String>> certs, Map<String, String> sources) {
    /** Certificate id of the CAs trusted for EST servers' TLS certificates. */
    public static final String EST_SERVER_CA = "est-server-ca";
    /** Certificate and key id of {@code [cert_issuance.local_ca]}. */
    public static final String LOCAL_CA = "local-ca";

    /** @return the ids of the EST identity for one certificate with its own EST settings */
    public static String estIdentityOf(String certId) {
        return certId + "-" + CredentialIds.EST_ID;
    }

    /** @return the ids of the EST bootstrap identity for one certificate with its own EST settings */
    public static String estBootstrapOf(String certId) {
        return certId + "-" + CredentialIds.EST_BOOTSTRAP_ID;
    }

    /** Derives the preloads of a configuration; explicit entries never replace derived ones. */
    public static Preloads of(IotEdgeConfig config) {
        Preloads preloads = new Preloads(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        if (config.edgeCa() instanceof EdgeCa.Preloaded files) {
            preloads.cert(CredentialIds.EDGE_CA, List.of(files.cert()), "edge_ca.cert");
            preloads.key(CredentialIds.EDGE_CA, files.pk(), "edge_ca.pk");
        }
        if (config.edgeCa() instanceof EdgeCa.Issued issued) {
            preloads.estFiles(CredentialIds.EDGE_CA, issued.issuance().est(), "edge_ca.");
        }
        config.trustBundleCert().ifPresent(uri -> preloads.cert(CredentialIds.USER_TRUST_BUNDLE, List.of(uri),
                "trust_bundle_cert"));
        config.localCa().ifPresent(localCa -> {
            preloads.cert(LOCAL_CA, List.of(localCa.cert()), "cert_issuance.local_ca.cert");
            preloads.key(LOCAL_CA, localCa.pk(), "cert_issuance.local_ca.pk");
        });
        config.est().ifPresent(est -> {
            if (!est.trustedCerts().isEmpty()) {
                preloads.cert(EST_SERVER_CA, est.trustedCerts(), "cert_issuance.est.trusted_certs");
            }
            est.auth().identityCert().ifPresent(uri -> preloads.cert(CredentialIds.EST_ID, List.of(uri),
                    "cert_issuance.est.auth.identity_cert"));
            est.auth().identityPk().ifPresent(pk -> preloads.key(CredentialIds.EST_ID, pk,
                    "cert_issuance.est.auth.identity_pk"));
            est.auth().bootstrapCert().ifPresent(uri -> preloads.cert(CredentialIds.EST_BOOTSTRAP_ID, List.of(uri),
                    "cert_issuance.est.auth.bootstrap_identity_cert"));
            est.auth().bootstrapPk().ifPresent(pk -> preloads.key(CredentialIds.EST_BOOTSTRAP_ID, pk,
                    "cert_issuance.est.auth.bootstrap_identity_pk"));
        });
        config.provisioning().flatMap(Provisioning::x509).ifPresent(identity -> preloads.deviceIdentity(identity,
                config.provisioning().get() instanceof Provisioning.Dps ? "provisioning.attestation."
                        : "provisioning.authentication."));
        return preloads;
    }

    private void deviceIdentity(X509Identity identity, String prefix) {
        if (identity.cert() instanceof IdentityCert.File file) {
            cert(CredentialIds.DEVICE_ID, List.of(file.uri()), prefix + "identity_cert");
        }
        if (identity.cert() instanceof IdentityCert.Issued issued) {
            estFiles(CredentialIds.DEVICE_ID, issued.issuance().est(), prefix + "identity_cert.");
        }
        identity.pk().ifPresent(pk -> key(CredentialIds.DEVICE_ID, pk, prefix + "identity_pk"));
    }

    private void estFiles(String certId, EstEndpoint est, String prefix) {
        est.identityCert().ifPresent(uri -> cert(estIdentityOf(certId), List.of(uri), prefix + "identity_cert"));
        est.identityPk().ifPresent(pk -> key(estIdentityOf(certId), pk, prefix + "identity_pk"));
        est.bootstrapCert().ifPresent(uri -> cert(estBootstrapOf(certId), List.of(uri),
                prefix + "bootstrap_identity_cert"));
        est.bootstrapPk().ifPresent(pk -> key(estBootstrapOf(certId), pk, prefix + "bootstrap_identity_pk"));
    }

    /** @return the config key that already set this key id, if any */
    Optional<String> keySource(String id) {
        return keys.containsKey(id) ? Optional.of(sources.get("key:" + id)) : Optional.empty();
    }

    /** @return the config key that already set this certificate id, if any */
    Optional<String> certSource(String id) {
        return certs.containsKey(id) ? Optional.of(sources.get("cert:" + id)) : Optional.empty();
    }

    void key(String id, KeyLocation location, String source) {
        keys.put(id, location);
        sources.put("key:" + id, source);
    }

    void cert(String id, List<String> uris, String source) {
        certs.put(id, List.copyOf(uris));
        sources.put("cert:" + id, source);
    }

    /** Adds the explicit tables; an id already derived is left as derived (the rules report the clash). */
    public Preloads withExplicit(IotEdgeConfig config) {
        config.preloadedKeys().forEach((id, location) -> {
            if (!keys.containsKey(id)) {
                key(id, location, "preloaded_keys." + id);
            }
        });
        config.preloadedCerts().forEach((id, uris) -> {
            if (!certs.containsKey(id)) {
                cert(id, uris, "preloaded_certs." + id);
            }
        });
        return this;
    }
}
