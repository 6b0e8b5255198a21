package org.edgepki.tools.config.migrate;

import java.util.List;
import java.util.Set;

/**
 * Maps 1.1 {@code provisioning:} to config.toml {@code [provisioning]} and the top-level
 * {@code auto_reprovisioning_mode}, as {@code iotedge config import} does, except that a device
 * connection string stays one {@code connection_string} rather than being split into its parts.
 *
 * <p>1.1 reprovisioned only when told to, while 1.2+ defaults to {@code Dynamic}; so the mode is
 * always written: {@code Dynamic} for {@code dynamic_reprovisioning: true}, else
 * {@code AlwaysOnStartup} for DPS {@code always_reprovision_on_startup: true}, else
 * {@code OnErrorOnly}.
 */
final class ProvisioningImport {
    private static final Set<String> MANUAL_KEYS =
            Set.of("source", "dynamic_reprovisioning", "device_connection_string", "authentication");
    private static final Set<String> DPS_KEYS = Set.of("source", "dynamic_reprovisioning", "global_endpoint",
            "scope_id", "registration_id", "attestation", "always_reprovision_on_startup");

    /** @param provisioning the {@code [provisioning]} table; @param autoReprovisioningMode its top-level mode */
    record Imported(OrderedTomlTable provisioning, String autoReprovisioningMode) {
    }

    private ProvisioningImport() {
    }

    static Imported convert(YamlField provisioning, List<String> notes) throws LegacyConfigException {
        if (!provisioning.isPresent()) {
            throw provisioning.error("is required (source: manual or dps)");
        }
        provisioning.entries();
        YamlField source = provisioning.get("source");
        // 1.1's built-in defaults said manual, so iotedge config import assumes it too.
        String method = source.optionalString().orElse("manual");
        boolean dynamic = provisioning.get("dynamic_reprovisioning").bool(false);
        OrderedTomlTable table = new OrderedTomlTable();
        boolean alwaysOnStartup = false;
        switch (method) {
            case "manual" -> {
                provisioning.noteUnknownKeys(MANUAL_KEYS, notes);
                manual(provisioning, table, notes);
            }
            case "dps" -> {
                provisioning.noteUnknownKeys(DPS_KEYS, notes);
                alwaysOnStartup = provisioning.get("always_reprovision_on_startup").bool(false);
                dps(provisioning, table, notes);
            }
            case "external" -> throw source.error("external provisioning is not supported by IoT Edge 1.2+");
            default -> throw source.error("must be manual or dps");
        }
        String mode = dynamic ? "Dynamic" : alwaysOnStartup ? "AlwaysOnStartup" : "OnErrorOnly";
        return new Imported(table, mode);
    }

    private static void manual(YamlField provisioning, OrderedTomlTable table, List<String> notes)
            throws LegacyConfigException {
        table.put("source", "manual");
        YamlField connectionString = provisioning.get("device_connection_string");
        YamlField authentication = provisioning.get("authentication");
        if (connectionString.isPresent() && authentication.isPresent()) {
            throw authentication.error("give either provisioning.device_connection_string"
                    + " or provisioning.authentication, not both");
        }
        if (connectionString.isPresent()) {
            table.put("connection_string", DeviceConnectionString.check(connectionString));
            return;
        }
        if (!authentication.isPresent()) {
            throw provisioning.error("manual provisioning needs device_connection_string or authentication");
        }
        authentication.entries();
        YamlField method = authentication.get("method");
        switch (method.string()) {
            case "device_connection_string" -> {
                authentication.noteUnknownKeys(Set.of("method", "device_connection_string"), notes);
                YamlField inner = authentication.get("device_connection_string");
                table.put("connection_string", DeviceConnectionString.check(inner));
            }
            case "x509" -> {
                authentication.noteUnknownKeys(
                        Set.of("method", "iothub_hostname", "device_id", "identity_cert", "identity_pk"), notes);
                hubAndDevice(authentication, table);
                table.table("authentication")
                        .put("method", "x509")
                        .put("identity_cert", FileUri.of(authentication.get("identity_cert")))
                        .put("identity_pk", FileUri.of(authentication.get("identity_pk")));
            }
            case "sas" -> {
                authentication.noteUnknownKeys(Set.of("method", "iothub_hostname", "device_id", "device_id_pk"), notes);
                hubAndDevice(authentication, table);
                OrderedTomlTable auth = table.table("authentication").put("method", "sas");
                auth.table("device_id_pk").put("uri", FileUri.of(authentication.get("device_id_pk")));
            }
            default -> throw method.error("must be device_connection_string, x509 or sas");
        }
    }

    private static void hubAndDevice(YamlField authentication, OrderedTomlTable table) throws LegacyConfigException {
        YamlField hub = authentication.get("iothub_hostname");
        if (!DeviceConnectionString.HOST_NAME.matcher(hub.string()).matches()) {
            throw hub.error("must be a host name (letters, digits, '-', '_', '.')");
        }
        YamlField device = authentication.get("device_id");
        if (!DeviceConnectionString.DEVICE_ID.matcher(device.string()).matches()) {
            throw device.error("must be an IoT Hub device id (at most 128 letters, digits or -:.+%_#*?!(),=@;$')");
        }
        table.put("iothub_hostname", hub.string()).put("device_id", device.string());
    }

    private static void dps(YamlField provisioning, OrderedTomlTable table, List<String> notes)
            throws LegacyConfigException {
        table.put("source", "dps")
                .put("global_endpoint", dpsEndpoint(provisioning.get("global_endpoint")))
                .put("id_scope", provisioning.get("scope_id").string());
        YamlField attestation = provisioning.get("attestation");
        YamlField legacyRegistrationId = provisioning.get("registration_id");
        OrderedTomlTable out = table.table("attestation");
        if (!attestation.isPresent()) {
            // Before attestation: existed, DPS meant TPM with the registration id beside source.
            if (!legacyRegistrationId.isPresent()) {
                throw provisioning.error("DPS provisioning needs attestation (or registration_id for TPM)");
            }
            out.put("method", "tpm").put("registration_id", legacyRegistrationId.string());
            return;
        }
        if (legacyRegistrationId.isPresent()) {
            throw legacyRegistrationId.error("must be set under provisioning.attestation, not beside it");
        }
        attestation.entries();
        YamlField method = attestation.get("method");
        switch (method.string()) {
            case "tpm" -> {
                attestation.noteUnknownKeys(Set.of("method", "registration_id"), notes);
                out.put("method", "tpm").put("registration_id", attestation.get("registration_id").string());
            }
            case "symmetric_key" -> {
                attestation.noteUnknownKeys(Set.of("method", "registration_id", "symmetric_key"), notes);
                out.put("method", "symmetric_key")
                        .put("registration_id", attestation.get("registration_id").string());
                YamlField key = attestation.get("symmetric_key");
                if (!DeviceConnectionString.isBase64(key.string())) {
                    throw key.error("must be the key in base64");
                }
                out.table("symmetric_key").put("value", key.string());
            }
            case "x509" -> {
                attestation.noteUnknownKeys(Set.of("method", "registration_id", "identity_cert", "identity_pk"), notes);
                out.put("method", "x509");
                attestation.get("registration_id").optionalString().ifPresent(id -> out.put("registration_id", id));
                out.put("identity_cert", FileUri.of(attestation.get("identity_cert")))
                        .put("identity_pk", FileUri.of(attestation.get("identity_pk")));
            }
            default -> throw method.error("must be tpm, symmetric_key or x509");
        }
    }

    private static String dpsEndpoint(YamlField field) throws LegacyConfigException {
        String example = "https://global.azure-devices-provisioning.net";
        if (AbsoluteUri.of(field, example).getHost() == null) {
            throw field.error("must be an absolute URI such as " + example);
        }
        return field.string();
    }
}
