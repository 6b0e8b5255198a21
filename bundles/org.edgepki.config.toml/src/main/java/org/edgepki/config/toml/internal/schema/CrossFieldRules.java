package org.edgepki.config.toml.internal.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.EstSettings;
import org.edgepki.config.toml.internal.schema.Problem.Severity;

/** Rules that span sections: what one section needs from another, and what must not collide. */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    static void check(IotEdgeConfig config, TomlSection root) {
        edgeCaName(config, root);
        issuance(config, root);
        dpsRegistrationId(config, root);
        manualIdentityName(config, root);
        thumbprintIdentity(config, root);
        pkcs11(config, root);
        preloadedClashes(config, root);
    }

    /** The Edge CA's CN may not be the hostname or device id: TLS clients would confuse the CA with the server. */
    private static void edgeCaName(IotEdgeConfig config, TomlSection root) {
        if (!(config.edgeCa() instanceof EdgeCa.Issued issued)) {
            return;
        }
        Optional<String> commonName = issued.issuance().subject().flatMap(DistinguishedName::commonName);
        if (commonName.isEmpty()) {
            return;
        }
        List<String> key = issued.issuance().subject().get().isCommonNameOnly()
                ? List.of("edge_ca", "common_name") : List.of("edge_ca", "subject", "CN");
        edgeCaName(config, commonName.get(), key, root);
    }

    /**
     * The rule for any Edge CA CN, configured or read from the manual Edge CA's file: it differs from the hostname,
     * the device id and the DPS registration id (compared as DNS names are, without case).
     */
    static void edgeCaName(IotEdgeConfig config, String commonName, List<String> key, TomlSection root) {
        config.hostname().filter(host -> host.equalsIgnoreCase(commonName)).ifPresent(host -> root.reportAt(
                Severity.ERROR, key, "the Edge CA CN must differ from hostname \"" + host + "\""));
        config.provisioning().flatMap(Provisioning::deviceId).filter(id -> id.equalsIgnoreCase(commonName))
                .ifPresent(id -> root.reportAt(Severity.ERROR, key,
                        "the Edge CA CN must differ from the device id \"" + id + "\""));
        config.provisioning().filter(Provisioning.Dps.class::isInstance).map(Provisioning.Dps.class::cast)
                .flatMap(Provisioning.Dps::registrationId).filter(id -> id.equalsIgnoreCase(commonName))
                .ifPresent(id -> root.reportAt(Severity.ERROR, key,
                        "the Edge CA CN must differ from the DPS registration id \"" + id + "\""));
    }

    /** Issued certificates need their issuer configured, and renewal times that fit their lifetime. */
    private static void issuance(IotEdgeConfig config, TomlSection root) {
        if (config.edgeCa() instanceof EdgeCa.Issued issued) {
            issuedCert(config, root, issued.issuance(), CredentialIds.EDGE_CA, List.of("edge_ca"), 90);
        }
        if (config.edgeCa() instanceof EdgeCa.Quickstart quickstart) {
            renewalFits(root, List.of("edge_ca", "auto_renew"), quickstart.autoRenew(), quickstart.expiryDays());
        }
        config.provisioning().flatMap(Provisioning::x509).ifPresent(identity -> {
            if (identity.cert() instanceof IdentityCert.Issued issued) {
                List<String> path = new ArrayList<>(identityPath(config));
                path.add("identity_cert");
                issuedCert(config, root, issued.issuance(), CredentialIds.DEVICE_ID, path, 30);
            }
        });
    }

    private static void issuedCert(IotEdgeConfig config, TomlSection root, Issuance issuance, String certId,
            List<String> path, int defaultDays) {
        List<String> method = append(path, "method");
        if (issuance.method().equals(Issuance.LOCAL_CA) && config.localCa().isEmpty()) {
            root.reportAt(Severity.ERROR, method, "method = \"local_ca\" needs [cert_issuance.local_ca] with cert and pk");
        }
        if (issuance.method().equals(Issuance.EST)) {
            Optional<EstSettings> est = config.est();
            boolean hasUrl = issuance.est().url().isPresent()
                    || est.map(settings -> settings.urls().containsKey(certId) || settings.urls().containsKey("default"))
                            .orElse(false);
            if (!hasUrl) {
                root.reportAt(Severity.ERROR, method, "method = \"est\" needs a URL: url here, or in"
                        + " [cert_issuance.est.urls] \"" + certId + "\" or default");
            }
            EstEndpoint global = est.map(EstSettings::auth).orElse(EstEndpoint.NONE);
            if (!authenticates(issuance.est()) && !authenticates(global)) {
                root.reportAt(Severity.WARNING, method, "no EST authentication (username/password, identity_cert or"
                        + " bootstrap_identity_cert) here or in [cert_issuance.est.auth]; the server must allow"
                        + " anonymous enrollment");
            }
        }
        issuance.autoRenew().ifPresent(policy -> renewalFits(root, append(path, "auto_renew"), policy,
                issuance.expiryDays().orElse(defaultDays)));
    }

    private static boolean authenticates(EstEndpoint est) {
        return est.username().isPresent() || est.identityCert().isPresent() || est.bootstrapCert().isPresent();
    }

    /** An absolute threshold or retry at or beyond the lifetime would renew at once, again and again. */
    private static void renewalFits(TomlSection root, List<String> path, RenewalPolicy policy, int lifetimeDays) {
        Duration lifetime = Duration.ofDays(lifetimeDays);
        if (!policy.threshold().isPercentage() && policy.threshold().absolute().compareTo(lifetime) >= 0) {
            root.reportAt(Severity.WARNING, append(path, "threshold"), "\"" + policy.threshold() + "\" is not shorter"
                    + " than the certificate's lifetime (" + lifetimeDays + " days): it would be renewed as soon as"
                    + " it is issued; edgepki renews it at half its lifetime instead. Prefer a percentage");
        }
        if (!policy.retry().isPercentage() && policy.retry().absolute().compareTo(lifetime) >= 0) {
            root.reportAt(Severity.WARNING, append(path, "retry"), "\"" + policy.retry() + "\" is not shorter than"
                    + " the certificate's lifetime (" + lifetimeDays + " days); prefer a percentage");
        }
    }

    /** DPS identifies an issued certificate's device by its CN, so registration_id must be that CN. */
    private static void dpsRegistrationId(IotEdgeConfig config, TomlSection root) {
        if (!(config.provisioning().orElse(null) instanceof Provisioning.Dps dps) || dps.x509().isEmpty()
                || !(dps.x509().get().cert() instanceof IdentityCert.Issued issued)) {
            return;
        }
        Optional<String> commonName = issued.issuance().subject().flatMap(DistinguishedName::commonName);
        if (dps.registrationId().isEmpty()) {
            root.reportAt(Severity.ERROR, List.of("provisioning", "attestation"), "an issued identity_cert needs"
                    + " registration_id (it must equal the certificate's CN)");
        } else if (commonName.isEmpty()) {
            root.reportAt(Severity.ERROR, List.of("provisioning", "attestation", "identity_cert"), "needs common_name"
                    + " (or subject with CN) equal to registration_id \"" + dps.registrationId().get() + "\"");
        } else if (!commonName.get().equals(dps.registrationId().get())) {
            root.reportAt(Severity.ERROR, List.of("provisioning", "attestation", "registration_id"), "\""
                    + dps.registrationId().get() + "\" must equal the identity certificate's CN \"" + commonName.get()
                    + "\" (DPS matches them)");
        }
    }

    /** IoT Hub identifies a manually provisioned X.509 device by its certificate's CN: it must be the device id. */
    private static void manualIdentityName(IotEdgeConfig config, TomlSection root) {
        if (!(config.provisioning().orElse(null) instanceof Provisioning.Manual manual) || manual.x509().isEmpty()
                || !(manual.x509().get().cert() instanceof IdentityCert.Issued issued)) {
            return;
        }
        Optional<String> commonName = issued.issuance().subject().flatMap(DistinguishedName::commonName);
        if (commonName.isPresent() && !commonName.get().equals(manual.deviceIdValue())) {
            List<String> key = issued.issuance().subject().get().isCommonNameOnly()
                    ? List.of("provisioning", "authentication", "identity_cert", "common_name")
                    : List.of("provisioning", "authentication", "identity_cert", "subject", "CN");
            root.reportAt(Severity.ERROR, key, "\"" + commonName.get() + "\" must equal device_id \""
                    + manual.deviceIdValue() + "\": IoT Hub authenticates the device by its certificate's CN");
        }
    }

    /**
     * A hub (manual X.509 with a thumbprint registration) or DPS individual enrollment that knows the identity
     * certificate by its thumbprint locks the device out when the certificate is renewed or comes from EST: the
     * new certificate has another thumbprint. The configuration cannot say how the device is registered, so
     * this is a warning naming the safe registrations.
     */
    private static void thumbprintIdentity(IotEdgeConfig config, TomlSection root) {
        if (config.provisioning().isEmpty() || config.provisioning().get().x509().isEmpty()
                || !(config.provisioning().get().x509().get().cert() instanceof IdentityCert.Issued issued)) {
            return;
        }
        boolean dps = config.provisioning().get() instanceof Provisioning.Dps;
        String safe = dps ? "use a DPS group enrollment (the group's CA certificate is verified, not a thumbprint)"
                : "register the device in IoT Hub as X.509 CA-signed (the hub verifies the issuing CA, not a thumbprint)";
        String known = dps ? "a DPS individual enrollment" : "an IoT Hub device registered by thumbprint (self-signed)";
        List<String> path = append(identityPath(config), "identity_cert");
        if (issued.issuance().method().equals(Issuance.EST)) {
            root.reportAt(Severity.WARNING, append(path, "method"), "an identity certificate from EST changes its"
                    + " thumbprint at every enrollment: " + known + " would no longer accept the device; " + safe);
        }
        if (issued.issuance().autoRenew().isPresent()) {
            root.reportAt(Severity.WARNING, append(path, "auto_renew"), "a renewed identity certificate has a new"
                    + " thumbprint: " + known + " would no longer accept the device; " + safe
                    + ", or remove auto_renew and renew by hand, updating the thumbprint");
        }
    }

    /** A key on a PKCS#11 token needs the library that reaches the token. */
    private static void pkcs11(IotEdgeConfig config, TomlSection root) {
        boolean hasLibrary = config.pkcs11().flatMap(IotEdgeConfig.Pkcs11::libPath).isPresent();
        if (hasLibrary) {
            return;
        }
        Preloads preloads = Preloads.of(config).withExplicit(config);
        preloads.keys().forEach((id, location) -> {
            if (location.isPkcs11()) {
                root.reportAt(Severity.ERROR, dottedPath(preloads.sources().get("key:" + id)), "a pkcs11: URI needs"
                        + " [aziot_keys] pkcs11_lib_path (and pkcs11_base_slot to generate keys on the token)");
            }
        });
    }

    /** An id given both by a section and in [preloaded_keys]/[preloaded_certs] would be ambiguous. */
    private static void preloadedClashes(IotEdgeConfig config, TomlSection root) {
        Preloads derived = Preloads.of(config);
        config.preloadedKeys().forEach((id, location) -> derived.keySource(id).ifPresent(source -> root.reportAt(
                Severity.ERROR, List.of("preloaded_keys", id), "key id \"" + id + "\" is already set by " + source
                        + "; give it once")));
        config.preloadedCerts().forEach((id, uris) -> derived.certSource(id).ifPresent(source -> root.reportAt(
                Severity.ERROR, List.of("preloaded_certs", id), "certificate id \"" + id + "\" is already set by "
                        + source + "; give it once")));
    }

    private static List<String> identityPath(IotEdgeConfig config) {
        return config.provisioning().get() instanceof Provisioning.Dps ? List.of("provisioning", "attestation")
                : List.of("provisioning", "authentication");
    }

    private static List<String> dottedPath(String dotted) {
        int preloaded = dotted.indexOf('.');
        if (dotted.startsWith("preloaded_")) {
            return List.of(dotted.substring(0, preloaded), dotted.substring(preloaded + 1));
        }
        return List.of(dotted.split("\\."));
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return longer;
    }
}
