package org.edgepki.tools.config.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

class LegacyConfigImportTest {
    private static final String DEVICE_KEY = "ZWRnZXBraS10ZXN0LWRldmljZS1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";
    private static final String DPS_KEY = "ZWRnZXBraS1kcHMtZW5yb2xsbWVudC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMQ==";

    @Test
    void manual_connection_string_becomes_connection_string_and_never_reprovisions() throws Exception {
        LegacyConfigImport.Result result = convert("manual-connection-string.yaml");
        TomlParseResult toml = parse(result);

        assertEquals("manual", toml.getString("provisioning.source"));
        assertEquals("HostName=contoso-hub.azure-devices.net;DeviceId=gateway-01;SharedAccessKey=" + DEVICE_KEY,
                toml.getString("provisioning.connection_string"));
        assertEquals("OnErrorOnly", toml.getString("auto_reprovisioning_mode"));
        assertEquals("gateway-01.contoso.local", toml.getString("hostname"));
        assertTrue(hasNote(result, "homedir: dropped"), result.notes().toString());
    }

    @Test
    void manual_x509_takes_paths_and_uris_for_identity_cert_and_key() throws Exception {
        LegacyConfigImport.Result result = convert("manual-x509.yaml");
        TomlParseResult toml = parse(result);

        assertEquals("manual", toml.getString("provisioning.source"));
        assertEquals("contoso-hub.azure-devices.net", toml.getString("provisioning.iothub_hostname"));
        assertEquals("sensor-gw-7", toml.getString("provisioning.device_id"));
        assertEquals("x509", toml.getString("provisioning.authentication.method"));
        assertEquals("file:///etc/iotedge/certs/sensor-gw-7.cert.pem",
                toml.getString("provisioning.authentication.identity_cert"));
        assertEquals("file:///etc/iotedge/private/sensor-gw-7.key.pem",
                toml.getString("provisioning.authentication.identity_pk"));
        assertEquals("plant-gateway.contoso.local", toml.getString("parent_hostname"));
        assertEquals("OnErrorOnly", toml.getString("auto_reprovisioning_mode"));
    }

    @Test
    void manual_sas_with_a_key_file_becomes_a_device_id_pk_uri() throws Exception {
        TomlParseResult toml = parse(LegacyConfigImport.convert("""
                provisioning:
                  source: manual
                  authentication:
                    method: sas
                    iothub_hostname: contoso-hub.azure-devices.net
                    device_id: gateway-01
                    device_id_pk: /var/secrets/device-id.key
                """, "config.yaml"));

        assertEquals("sas", toml.getString("provisioning.authentication.method"));
        assertEquals("file:///var/secrets/device-id.key", toml.getString("provisioning.authentication.device_id_pk.uri"));
        assertEquals("gateway-01", toml.getString("provisioning.device_id"));
    }

    @Test
    void dps_tpm_with_always_reprovision_on_startup_maps_to_always_on_startup() throws Exception {
        TomlParseResult toml = parse(convert("dps-tpm.yaml"));

        assertEquals("dps", toml.getString("provisioning.source"));
        assertEquals("https://global.azure-devices-provisioning.net", toml.getString("provisioning.global_endpoint"));
        assertEquals("0ne00A1B2C3", toml.getString("provisioning.id_scope"));
        assertNull(toml.get("provisioning.scope_id"));
        assertEquals("tpm", toml.getString("provisioning.attestation.method"));
        assertEquals("line-3-controller", toml.getString("provisioning.attestation.registration_id"));
        assertEquals("AlwaysOnStartup", toml.getString("auto_reprovisioning_mode"));
        assertNull(toml.get("provisioning.always_reprovision_on_startup"));
    }

    @Test
    void dps_registration_id_beside_source_is_the_old_tpm_form() throws Exception {
        TomlParseResult toml = parse(LegacyConfigImport.convert("""
                provisioning:
                  source: dps
                  global_endpoint: https://global.azure-devices-provisioning.net
                  scope_id: 0ne00A1B2C3
                  registration_id: old-style-tpm
                """, "config.yaml"));

        assertEquals("tpm", toml.getString("provisioning.attestation.method"));
        assertEquals("old-style-tpm", toml.getString("provisioning.attestation.registration_id"));
    }

    @Test
    void dps_symmetric_key_is_inlined_and_dynamic_reprovisioning_wins() throws Exception {
        LegacyConfigImport.Result result = convert("dps-symmetric-key.yaml");
        TomlParseResult toml = parse(result);

        assertEquals("symmetric_key", toml.getString("provisioning.attestation.method"));
        assertEquals("kiosk-0042", toml.getString("provisioning.attestation.registration_id"));
        assertEquals(DPS_KEY, toml.getString("provisioning.attestation.symmetric_key.value"));
        assertEquals("Dynamic", toml.getString("auto_reprovisioning_mode"));
        assertFalse(String.join("\n", result.notes()).contains(DPS_KEY));
        assertFalse(result.toString().contains(DPS_KEY));
    }

    @Test
    void dps_x509_encodes_spaces_in_paths_and_leaves_registration_id_optional() throws Exception {
        TomlParseResult toml = parse(convert("dps-x509.yaml"));

        assertEquals("x509", toml.getString("provisioning.attestation.method"));
        assertNull(toml.get("provisioning.attestation.registration_id"));
        assertEquals("file:///var/secrets/dps/identity%20cert.pem",
                toml.getString("provisioning.attestation.identity_cert"));
        assertEquals("file:///var/secrets/dps/identity.key.pem", toml.getString("provisioning.attestation.identity_pk"));
    }

    @Test
    void device_ca_becomes_a_preloaded_edge_ca_and_trusted_ca_certs_the_trust_bundle() throws Exception {
        LegacyConfigImport.Result result = convert("device-ca.yaml");

        assertEquals(resource("device-ca.toml"), result.toml());
        assertEquals(1, result.notes().size(), result.notes().toString());
        assertTrue(result.notes().get(0).startsWith(
                "device-ca.yaml:9:3 certificates.auto_generated_ca_lifetime_days: dropped"), result.notes().get(0));
    }

    @Test
    void quickstart_lifetime_becomes_auto_generated_edge_ca_expiry_days() throws Exception {
        TomlParseResult toml = parse(convert("quickstart-lifetime.yaml"));

        assertEquals(45L, toml.getLong("edge_ca.auto_generated_edge_ca_expiry_days"));
        assertNull(toml.get("edge_ca.cert"));
        assertNull(toml.get("trust_bundle_cert"));
    }

    @Test
    void without_certificates_no_edge_ca_is_written_so_the_1_2_default_applies() throws Exception {
        TomlParseResult toml = parse(convert("dps-tpm.yaml"));

        assertNull(toml.get("edge_ca"));
    }

    @Test
    void agent_connect_listen_watchdog_and_moby_runtime_are_carried_over() throws Exception {
        LegacyConfigImport.Result result = convert("runtime-sections.yaml");
        TomlParseResult toml = parse(result);

        assertEquals("edgeAgent", toml.getString("agent.name"));
        assertEquals("docker", toml.getString("agent.type"));
        assertEquals("never", toml.getString("agent.imagePullPolicy"));
        assertEquals("contoso.azurecr.io/azureiotedge-agent:1.1.15", toml.getString("agent.config.image"));
        assertEquals("AmqpWs", toml.getString("agent.env.UpstreamProtocol"));
        assertEquals("4", toml.getString("agent.env.RuntimeLogLevel"));
        TomlTable create = toml.getTable("agent.config.createOptions");
        assertEquals(List.of("storageFolder=/iotedge/storage/"), create.getArray("Env").toList());
        assertEquals(false, create.getBoolean("HostConfig.Privileged"));
        assertEquals(0x20000000L, create.getLong("HostConfig.Memory"));
        assertEquals(50L, create.getLong("HostConfig.CpuPercent"));
        TomlArray bindings = create.getArray(List.of("HostConfig", "PortBindings", "443/tcp"));
        assertEquals("8443", bindings.getTable(0).getString("HostPort"));
        assertEquals("says \"hi\"\tand\\bye", create.getString("Labels.description"));
        assertEquals("cmVnaXN0cnktcGFzc3dvcmQ=", toml.getString("agent.config.auth.password"));

        assertEquals("unix:///var/run/iotedge/mgmt.sock", toml.getString("connect.management_uri"));
        assertEquals("unix:///var/run/iotedge/workload.sock", toml.getString("connect.workload_uri"));
        assertEquals("fd://aziot-edged.mgmt.socket", toml.getString("listen.management_uri"));
        assertEquals("unix:///var/run/iotedge/workload.sock", toml.getString("listen.workload_uri"));
        assertEquals("tls1.2", toml.getString("listen.min_tls_version"));
        assertEquals(5L, toml.getLong("watchdog.max_retries"));

        assertEquals("unix:///var/run/docker.sock", toml.getString("moby_runtime.uri"));
        assertEquals("edge-net", toml.getString("moby_runtime.network.name"));
        assertEquals(true, toml.getBoolean("moby_runtime.network.ipv6"));
        assertEquals("172.30.0.1", toml.getArray("moby_runtime.network.ipam.config").getTable(0).getString("gateway"));
        assertEquals("file:///etc/docker/certs/contoso-notary.pem",
                toml.getString(List.of("moby_runtime", "content_trust", "ca_certs", "contoso.azurecr.io")));
        assertTrue(hasNote(result, "listen.management_uri: socket unit fd://iotedge.mgmt.socket renamed to"
                + " fd://aziot-edged.mgmt.socket"), result.notes().toString());
        assertFalse(String.join("\n", result.notes()).contains("cmVnaXN0cnktcGFzc3dvcmQ="));
    }

    @Test
    void both_1_1_socket_units_are_renamed_for_1_2() throws Exception {
        TomlParseResult toml = parse(convert("manual-connection-string.yaml"));

        assertEquals("fd://aziot-edged.mgmt.socket", toml.getString("listen.management_uri"));
        assertEquals("fd://aziot-edged.workload.socket", toml.getString("listen.workload_uri"));
        assertEquals("azure-iot-edge", toml.getString("moby_runtime.network"));
        assertEquals("on-create", toml.getString("agent.imagePullPolicy"));
        assertTrue(toml.getTable("agent.config.auth").isEmpty());
    }

    @Test
    void unknown_keys_are_dropped_with_a_note_naming_key_and_line() throws Exception {
        LegacyConfigImport.Result result = LegacyConfigImport.convert("""
                provisioning:
                  source: dps
                  global_endpoint: https://global.azure-devices-provisioning.net
                  scope_id: 0ne00A1B2C3
                  attestation:
                    method: tpm
                    registration_id: r1
                    endorsement_key: ignored
                hostname: h1
                telemetry_opt_in: true
                """, "config.yaml");

        assertTrue(result.notes().contains("config.yaml:10:1 telemetry_opt_in: unknown key, dropped"), result.notes().toString());
        assertTrue(result.notes().contains("config.yaml:8:5 provisioning.attestation.endorsement_key: unknown key, dropped"),
                result.notes().toString());
        assertNull(parse(result).get("telemetry_opt_in"));
    }

    @Test
    void a_missing_hostname_is_noted_and_left_to_the_1_2_default() throws Exception {
        LegacyConfigImport.Result result = LegacyConfigImport.convert("""
                provisioning:
                  source: manual
                  device_connection_string: "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=%s"
                """.formatted(DEVICE_KEY), "config.yaml");

        assertNull(parse(result).get("hostname"));
        assertTrue(hasNote(result, "hostname: not set"), result.notes().toString());
    }

    @Test
    void hostnames_with_quotes_backslashes_and_control_characters_survive_as_toml_strings() throws Exception {
        TomlParseResult toml = parse(LegacyConfigImport.convert("""
                provisioning:
                  source: manual
                  device_connection_string: "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=%s"
                hostname: "odd \\"name\\" \\\\ with\\ttab\\u0001 and \\u00e9 \\U0001F600"
                """.formatted(DEVICE_KEY), "config.yaml"));

        assertEquals("odd \"name\" \\ with\ttab\u0001 and \u00e9 \uD83D\uDE00", toml.getString("hostname"));
    }

    private static LegacyConfigImport.Result convert(String name) throws LegacyConfigException, IOException {
        return LegacyConfigImport.convert(resource(name), name);
    }

    private static TomlParseResult parse(LegacyConfigImport.Result result) {
        TomlParseResult toml = Toml.parse(result.toml());
        assertFalse(toml.hasErrors(), () -> toml.errors().toString());
        return toml;
    }

    private static boolean hasNote(LegacyConfigImport.Result result, String text) {
        return result.notes().stream().anyMatch(note -> note.contains(text));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = LegacyConfigImportTest.class.getResourceAsStream("/migrate/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /migrate/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
