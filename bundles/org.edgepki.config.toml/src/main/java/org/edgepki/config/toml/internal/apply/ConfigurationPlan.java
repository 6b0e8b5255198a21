package org.edgepki.config.toml.internal.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgepki.api.CredentialIds;
import org.edgepki.common.naming.DeviceNames;
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
 * manages (the Edge CA always). The list is in the order it is applied: stores first, the credentials
 * and the edge last, so that a manual Edge CA's files are in the stores when its credential is validated.
 */
public final class ConfigurationPlan {
    static final String KEYSTORE = "org.edgepki.keystore";
    static final String PKCS11 = "org.edgepki.pkcs11";
    static final String CERTSTORE = "org.edgepki.certstore";
    static final String EST = "org.edgepki.issuer.est";
    static final String EDGE = "org.edgepki.edge";
    static final String LOCAL_CA_ISSUER = "org.edgepki.issuer.local.localca";
    private static final int DEVICE_ID_DEFAULT_DAYS = 30;
    /** The method of a credential whose files the operator provides: validated, never written. */
    static final String MANUAL = "manual";
    /** The properties of an {@code org.edgepki.credential} configuration. */
    private static final Set<String> CREDENTIAL_KEYS = Set.of(PlannedConfiguration.CREDENTIAL_ID, "method", "profile",
            "key_algorithm", "subject", "expiry_days", "issuer_id", "auto_renew_rotate_key", "auto_renew_threshold",
            "auto_renew_retry", "est_url", "est_username", "est_password", "est_identity_id", "est_bootstrap_id");
    /** CN of the EST identity when config.toml names neither the device nor the host. */
    private static final String EST_IDENTITY_NAME = "aziot-edge EST identity";

    private ConfigurationPlan() {
    }

    /** @return every configuration config.toml decides, singletons first, in application order */
    public static List<PlannedConfiguration> of(IotEdgeConfig config) {
        return of(config, DeviceNames.osHostname());
    }

    /**
     * @param osHostname the operating system's hostname, which names the Edge CA when config.toml names neither the
     *     device nor the host
     * @return every configuration config.toml decides, singletons first, in application order
     */
    public static List<PlannedConfiguration> of(IotEdgeConfig config, String osHostname) {
        Preloads preloads = Preloads.of(config).withExplicit(config);
        List<PlannedConfiguration> plan = new ArrayList<>();
        plan.add(keystore(config, preloads));
        plan.add(pkcs11(config));
        plan.add(certstore(preloads));
        plan.add(localCaIssuer(config));
        plan.add(est(config));
        plan.addAll(credentials(config, osHostname));
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
            estEndpoint(values, est.auth(), est.auth().identityId(CredentialIds.EST_ID), CredentialIds.EST_BOOTSTRAP_ID,
                    "");
            renewal(values, "identity_auto_renew_", est.identityAutoRenew());
        });
        return new PlannedConfiguration(EST, null, Set.of("trusted_certs_id", "urls", "username", "password",
                "identity_id", "bootstrap_id", "identity_auto_renew_rotate_key", "identity_auto_renew_threshold",
                "identity_auto_renew_retry"), values);
    }

    /** One configuration per managed credential: the Edge CA (always), and each one edgepki issues (and renews). */
    private static List<PlannedConfiguration> credentials(IotEdgeConfig config, String osHostname) {
        List<PlannedConfiguration> credentials = new ArrayList<>();
        credentials.add(edgeCa(config, osHostname));
        if (config.edgeCa() instanceof EdgeCa.Issued issued) {
            ownEstIdentity(config, CredentialIds.EDGE_CA, issued.issuance()).ifPresent(credentials::add);
        }
        config.provisioning().flatMap(Provisioning::x509).ifPresent(identity -> {
            if (identity.cert() instanceof IdentityCert.Issued issued) {
                credentials.add(issuedCredential(CredentialIds.DEVICE_ID, issued.issuance(), DEVICE_ID_DEFAULT_DAYS));
                ownEstIdentity(config, CredentialIds.DEVICE_ID, issued.issuance()).ifPresent(credentials::add);
            }
        });
        config.est().filter(est -> est.auth().bootstrapCert().isPresent() && est.auth().identityCert().isEmpty())
                .ifPresent(est -> credentials.add(estIdentity(config, est)));
        return credentials;
    }

    /**
     * The Edge CA, one managed credential whatever its method: quickstart (self-signed, named after the device or the
     * host, as IoT Edge names it), issued (by {@code local_ca} or EST), or manual (files from a PKI, validated).
     */
    private static PlannedConfiguration edgeCa(IotEdgeConfig config, String osHostname) {
        // as the edge names the host: trimmed, in lower case; a device id as it is
        String defaultSubject = "CN=" + DeviceNames.defaultEdgeCaCommonName(config.provisioning().flatMap(Provisioning::deviceId)
                .map(String::trim).filter(id -> !id.isEmpty())
                .orElseGet(() -> config.hostname().orElse(osHostname).trim().toLowerCase()));
        Map<String, Object> values;
        if (config.edgeCa() instanceof EdgeCa.Issued issued) {
            values = issuedValues(CredentialIds.EDGE_CA, issued.issuance(), 90);
            values.putIfAbsent("subject", new String[] {defaultSubject});
        } else if (config.edgeCa() instanceof EdgeCa.Quickstart quickstart) {
            values = credential(CredentialIds.EDGE_CA, Issuance.SELF_SIGNED);
            values.put("subject", new String[] {defaultSubject});
            values.put("expiry_days", quickstart.expiryDays());
            renewal(values, "auto_renew_", quickstart.autoRenew());
        } else {
            values = credential(CredentialIds.EDGE_CA, MANUAL);
        }
        values.put("profile", "ca");
        return credentialConfiguration(CredentialIds.EDGE_CA, values);
    }

    /**
     * The EST identity that the bootstrap identity enrolls: edgepki's to issue and renew, by
     * {@code identity_auto_renew}, named after the device.
     */
    private static PlannedConfiguration estIdentity(IotEdgeConfig config, IotEdgeConfig.EstSettings est) {
        String id = est.auth().identityId(CredentialIds.EST_ID);
        Map<String, Object> values = credential(id, Issuance.EST);
        values.put("subject", new String[] {"CN=" + estIdentityName(config)});
        values.put("expiry_days", DEVICE_ID_DEFAULT_DAYS);
        renewal(values, "auto_renew_", est.identityAutoRenew());
        return credentialConfiguration(id, values);
    }

    private static PlannedConfiguration issuedCredential(String certId, Issuance issuance, int defaultDays) {
        return credentialConfiguration(certId, issuedValues(certId, issuance, defaultDays));
    }

    private static Map<String, Object> issuedValues(String certId, Issuance issuance, int defaultDays) {
        Map<String, Object> values = credential(certId, issuance.method());
        issuance.subject().map(DistinguishedName::entries).ifPresent(subject ->
                values.put("subject", subject.toArray(String[]::new)));
        values.put("expiry_days", issuance.expiryDays().orElse(defaultDays));
        if (issuance.method().equals(Issuance.LOCAL_CA)) {
            values.put("issuer_id", Preloads.LOCAL_CA);
        }
        if (issuance.method().equals(Issuance.EST)) {
            issuance.est().url().ifPresent(url -> values.put("est_url", url));
            String identityId = issuance.est().identityId(Preloads.estIdentityOf(certId));
            estEndpoint(values, issuance.est(), identityId, Preloads.estBootstrapOf(certId), "est_");
            if (ownsEstIdentity(issuance)) {
                values.put("est_identity_id", identityId); // enrolled first, as its own credential
            }
        }
        issuance.autoRenew().ifPresent(policy -> renewal(values, "auto_renew_", policy));
        return values;
    }

    /** A certificate with its own bootstrap identity and no identity of its own: its EST identity is edgepki's. */
    private static boolean ownsEstIdentity(Issuance issuance) {
        return issuance.method().equals(Issuance.EST) && issuance.est().bootstrapCert().isPresent()
                && issuance.est().identityCert().isEmpty();
    }

    /**
     * The EST identity a certificate's own bootstrap identity enrolls ({@code <id>-est-id}): a managed credential of its
     * own, at the certificate's own URL with its own user, renewed by {@code identity_auto_renew}; the certificate is
     * enrolled with it once it is there.
     */
    private static Optional<PlannedConfiguration> ownEstIdentity(IotEdgeConfig config, String certId,
            Issuance issuance) {
        if (!ownsEstIdentity(issuance)) {
            return Optional.empty();
        }
        String id = issuance.est().identityId(Preloads.estIdentityOf(certId));
        Map<String, Object> values = credential(id, Issuance.EST);
        values.put("subject", new String[] {"CN=" + estIdentityName(config)});
        values.put("expiry_days", DEVICE_ID_DEFAULT_DAYS);
        issuance.est().url().ifPresent(url -> values.put("est_url", url));
        issuance.est().username().ifPresent(username -> values.put("est_username", username));
        issuance.est().password().ifPresent(password -> values.put("est_password", password.value()));
        values.put("est_bootstrap_id", Preloads.estBootstrapOf(certId));
        values.put("est_identity_id", id); // itself: so it is enrolled with the bootstrap identity
        renewal(values, "auto_renew_", config.est().map(IotEdgeConfig.EstSettings::identityAutoRenew)
                .orElse(RenewalPolicy.EDGE_CA_DEFAULT));
        return Optional.of(credentialConfiguration(id, values));
    }

    private static String estIdentityName(IotEdgeConfig config) {
        return config.provisioning().flatMap(Provisioning::deviceId).or(config::hostname).orElse(EST_IDENTITY_NAME);
    }

    private static Map<String, Object> credential(String certId, String method) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(PlannedConfiguration.CREDENTIAL_ID, certId);
        values.put("method", method);
        return values;
    }

    /**
     * Every property of a credential configuration is config.toml's: one it no longer sets (an {@code auto_renew}
     * table removed, a switch to manual) is removed, not left in force.
     */
    private static PlannedConfiguration credentialConfiguration(String certId, Map<String, Object> values) {
        return new PlannedConfiguration(PlannedConfiguration.CREDENTIAL_FACTORY, certId, CREDENTIAL_KEYS, values);
    }

    private static void estEndpoint(Map<String, Object> values, EstEndpoint est, String identityId, String bootstrapId,
            String prefix) {
        est.username().ifPresent(username -> values.put(prefix + "username", username));
        est.password().ifPresent(password -> values.put(prefix + "password", password.value()));
        if (est.identityCert().isPresent() || est.identityName().isPresent()) {
            values.put(prefix + "identity_id", identityId);
        }
        est.bootstrapCert().ifPresent(uri -> values.put(prefix + "bootstrap_id", bootstrapId));
    }

    private static void renewal(Map<String, Object> values, String prefix, RenewalPolicy policy) {
        values.put(prefix + "rotate_key", policy.rotateKey());
        values.put(prefix + "threshold", policy.threshold().toString());
        values.put(prefix + "retry", policy.retry().toString());
    }

    /**
     * The device's names. The {@code edge_ca_*} properties of earlier versions are owned too, so that applying removes
     * them: the Edge CA is the credential configuration's now.
     */
    private static PlannedConfiguration edge(IotEdgeConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.hostname().ifPresent(hostname -> values.put("hostname", hostname));
        config.provisioning().flatMap(Provisioning::deviceId).ifPresent(id -> values.put("device_id", id));
        config.provisioning().filter(Provisioning.Dps.class::isInstance).map(Provisioning.Dps.class::cast)
                .flatMap(Provisioning.Dps::registrationId).ifPresent(id -> values.put("registration_id", id));
        return new PlannedConfiguration(EDGE, null, Set.of("hostname", "device_id", "registration_id", "edge_ca_method",
                "edge_ca_expiry_days", "edge_ca_common_name", "edge_ca_subject", "edge_ca_issuer_id"), values);
    }
}
