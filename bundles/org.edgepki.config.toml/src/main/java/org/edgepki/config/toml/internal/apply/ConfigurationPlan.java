package org.edgepki.config.toml.internal.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgepki.api.CredentialIds;
import org.edgepki.config.toml.internal.schema.DistinguishedName;
import org.edgepki.config.toml.internal.schema.EdgeCa;
import org.edgepki.config.toml.internal.schema.EstEndpoint;
import org.edgepki.config.toml.internal.schema.IdentityCert;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig;
import org.edgepki.config.toml.internal.schema.Issuance;
import org.edgepki.config.toml.internal.schema.Preloads;
import org.edgepki.config.toml.internal.schema.Provisioning;
import org.edgepki.config.toml.internal.schema.RenewalPolicy;

/**
 * Turns a validated configuration into Config Admin configurations: one per service PID, and one
 * factory configuration ({@value PlannedConfiguration#CREDENTIAL_FACTORY}) per credential edgepki
 * issues and renews. The list is in the order it is applied: stores first, the edge credentials
 * last, so that the Edge CA's files are in the stores when the edge bundle looks for them.
 */
public final class ConfigurationPlan {
    static final String KEYSTORE = "org.edgepki.keystore";
    static final String PKCS11 = "org.edgepki.pkcs11";
    static final String CERTSTORE = "org.edgepki.certstore";
    static final String EST = "org.edgepki.issuer.est";
    static final String EDGE = "org.edgepki.edge";
    static final String LOCAL_CA_ISSUER = "org.edgepki.issuer.local.localca";
    private static final int DEVICE_ID_DEFAULT_DAYS = 30;
    /** CN of the EST identity when config.toml names neither the device nor the host. */
    private static final String EST_IDENTITY_NAME = "aziot-edge EST identity";

    private ConfigurationPlan() {
    }

    /** @return every configuration config.toml decides, singletons first, in application order */
    public static List<PlannedConfiguration> of(IotEdgeConfig config) {
        Preloads preloads = Preloads.of(config).withExplicit(config);
        List<PlannedConfiguration> plan = new ArrayList<>();
        plan.add(keystore(config, preloads));
        plan.add(pkcs11(config));
        plan.add(certstore(preloads));
        plan.add(localCaIssuer(config));
        plan.add(est(config));
        plan.addAll(credentials(config));
        plan.add(edge(config));
        return plan;
    }

    private static PlannedConfiguration keystore(IotEdgeConfig config, Preloads preloads) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("preloaded_keys", preloads.keys().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().uri()).toArray(String[]::new));
        boolean onToken = config.pkcs11().flatMap(IotEdgeConfig.Pkcs11::baseSlot).isPresent();
        values.put("base_scheme", onToken ? "pkcs11" : "file");
        return new PlannedConfiguration(KEYSTORE, null, Set.of("preloaded_keys", "base_scheme"), values);
    }

    private static PlannedConfiguration pkcs11(IotEdgeConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.pkcs11().ifPresent(pkcs11 -> {
            pkcs11.libPath().ifPresent(path -> values.put("library_path", path));
            pkcs11.baseSlot().ifPresent(slot -> values.put("base_slot", slot.uri()));
        });
        return new PlannedConfiguration(PKCS11, null, Set.of("library_path", "base_slot"), values);
    }

    private static PlannedConfiguration certstore(Preloads preloads) {
        List<String> entries = new ArrayList<>();
        preloads.certs().forEach((id, uris) -> uris.forEach(uri -> entries.add(id + "=" + uri)));
        return new PlannedConfiguration(CERTSTORE, null, Set.of("preloaded_certs"),
                Map.of("preloaded_certs", entries.toArray(String[]::new)));
    }

    private static PlannedConfiguration localCaIssuer(IotEdgeConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.localCa().ifPresent(localCa -> values.put("issuer_id", Preloads.LOCAL_CA));
        return new PlannedConfiguration(LOCAL_CA_ISSUER, null, Set.of("issuer_id"), values);
    }

    private static PlannedConfiguration est(IotEdgeConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.est().ifPresent(est -> {
            if (!est.trustedCerts().isEmpty()) {
                values.put("trusted_certs_id", Preloads.EST_SERVER_CA);
            }
            values.put("urls", est.urls().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                    .toArray(String[]::new));
            estEndpoint(values, est.auth(), CredentialIds.EST_ID, CredentialIds.EST_BOOTSTRAP_ID, "");
            renewal(values, "identity_auto_renew_", est.identityAutoRenew());
        });
        return new PlannedConfiguration(EST, null, Set.of("trusted_certs_id", "urls", "username", "password",
                "identity_id", "bootstrap_id", "identity_auto_renew_rotate_key", "identity_auto_renew_threshold",
                "identity_auto_renew_retry"), values);
    }

    /** One configuration per credential that edgepki issues (and so renews). */
    private static List<PlannedConfiguration> credentials(IotEdgeConfig config) {
        List<PlannedConfiguration> credentials = new ArrayList<>();
        if (config.edgeCa() instanceof EdgeCa.Quickstart quickstart) {
            Map<String, Object> values = credential(CredentialIds.EDGE_CA, Issuance.SELF_SIGNED);
            values.put("expiry_days", quickstart.expiryDays());
            renewal(values, "auto_renew_", quickstart.autoRenew());
            credentials.add(credentialConfiguration(CredentialIds.EDGE_CA, values));
        }
        if (config.edgeCa() instanceof EdgeCa.Issued issued) {
            credentials.add(issuedCredential(CredentialIds.EDGE_CA, issued.issuance(), 90));
        }
        config.provisioning().flatMap(Provisioning::x509).ifPresent(identity -> {
            if (identity.cert() instanceof IdentityCert.Issued issued) {
                credentials.add(issuedCredential(CredentialIds.DEVICE_ID, issued.issuance(), DEVICE_ID_DEFAULT_DAYS));
            }
        });
        config.est().filter(est -> est.auth().bootstrapCert().isPresent() && est.auth().identityCert().isEmpty())
                .ifPresent(est -> credentials.add(estIdentity(config, est)));
        return credentials;
    }

    /**
     * The EST identity that the bootstrap identity enrolls: edgepki's to issue and renew, by
     * {@code identity_auto_renew}, named after the device.
     */
    private static PlannedConfiguration estIdentity(IotEdgeConfig config, IotEdgeConfig.EstSettings est) {
        Map<String, Object> values = credential(CredentialIds.EST_ID, Issuance.EST);
        String name = config.provisioning().flatMap(Provisioning::deviceId).or(config::hostname)
                .orElse(EST_IDENTITY_NAME);
        values.put("subject", new String[] {"CN=" + name});
        values.put("expiry_days", DEVICE_ID_DEFAULT_DAYS);
        renewal(values, "auto_renew_", est.identityAutoRenew());
        return credentialConfiguration(CredentialIds.EST_ID, values);
    }

    private static PlannedConfiguration issuedCredential(String certId, Issuance issuance, int defaultDays) {
        Map<String, Object> values = credential(certId, issuance.method());
        issuance.subject().map(DistinguishedName::entries).ifPresent(subject ->
                values.put("subject", subject.toArray(String[]::new)));
        values.put("expiry_days", issuance.expiryDays().orElse(defaultDays));
        if (issuance.method().equals(Issuance.LOCAL_CA)) {
            values.put("issuer_id", Preloads.LOCAL_CA);
        }
        if (issuance.method().equals(Issuance.EST)) {
            issuance.est().url().ifPresent(url -> values.put("est_url", url));
            estEndpoint(values, issuance.est(), Preloads.estIdentityOf(certId), Preloads.estBootstrapOf(certId), "est_");
        }
        issuance.autoRenew().ifPresent(policy -> renewal(values, "auto_renew_", policy));
        return credentialConfiguration(certId, values);
    }

    private static Map<String, Object> credential(String certId, String method) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(PlannedConfiguration.CREDENTIAL_ID, certId);
        values.put("method", method);
        return values;
    }

    private static PlannedConfiguration credentialConfiguration(String certId, Map<String, Object> values) {
        return new PlannedConfiguration(PlannedConfiguration.CREDENTIAL_FACTORY, certId, values.keySet(), values);
    }

    private static void estEndpoint(Map<String, Object> values, EstEndpoint est, String identityId, String bootstrapId,
            String prefix) {
        est.username().ifPresent(username -> values.put(prefix + "username", username));
        est.password().ifPresent(password -> values.put(prefix + "password", password.value()));
        est.identityCert().ifPresent(uri -> values.put(prefix + "identity_id", identityId));
        est.bootstrapCert().ifPresent(uri -> values.put(prefix + "bootstrap_id", bootstrapId));
    }

    private static void renewal(Map<String, Object> values, String prefix, RenewalPolicy policy) {
        values.put(prefix + "rotate_key", policy.rotateKey());
        values.put(prefix + "threshold", policy.threshold().toString());
        values.put(prefix + "retry", policy.retry().toString());
    }

    private static PlannedConfiguration edge(IotEdgeConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.hostname().ifPresent(hostname -> values.put("hostname", hostname));
        config.provisioning().flatMap(Provisioning::deviceId).ifPresent(id -> values.put("device_id", id));
        EdgeCa edgeCa = config.edgeCa();
        if (edgeCa instanceof EdgeCa.Quickstart quickstart) {
            values.put("edge_ca_method", "quickstart");
            values.put("edge_ca_expiry_days", quickstart.expiryDays());
        } else if (edgeCa instanceof EdgeCa.Preloaded) {
            values.put("edge_ca_method", "manual");
        } else if (edgeCa instanceof EdgeCa.Issued issued) {
            Issuance issuance = issued.issuance();
            values.put("edge_ca_method", issuance.method());
            issuance.expiryDays().ifPresent(days -> values.put("edge_ca_expiry_days", days));
            Optional<DistinguishedName> subject = issuance.subject();
            if (subject.isPresent() && subject.get().isCommonNameOnly()) {
                values.put("edge_ca_common_name", subject.get().commonName().orElseThrow());
            } else if (subject.isPresent()) {
                values.put("edge_ca_subject", subject.get().entries().toArray(String[]::new));
            }
            if (issuance.method().equals(Issuance.LOCAL_CA)) {
                values.put("edge_ca_issuer_id", Preloads.LOCAL_CA);
            }
        }
        return new PlannedConfiguration(EDGE, null, Set.of("hostname", "device_id", "edge_ca_method",
                "edge_ca_expiry_days", "edge_ca_common_name", "edge_ca_subject", "edge_ca_issuer_id"), values);
    }
}
