package org.edgepki.config.toml.internal.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.edgepki.config.toml.internal.apply.ConfigurationApplier.ApplyException;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.junit.jupiter.api.Test;

class ConfigurationApplierTest {
    private static final String SOURCE = "/etc/aziot/config.toml";
    private final InMemoryConfigurationAdmin configurationAdmin = new InMemoryConfigurationAdmin();
    private final ConfigurationApplier applier = new ConfigurationApplier(configurationAdmin);

    private static List<PlannedConfiguration> plan(String toml) {
        return ConfigurationPlan.of(ConfigReader.read(toml, "config.toml").config().orElseThrow());
    }

    private void applyAll(String toml) throws ApplyException {
        applier.apply(applier.difference(plan(toml), SOURCE));
    }

    @Test
    void first_apply_writes_every_configuration_then_nothing_differs() throws ApplyException {
        applyAll("hostname = \"gw1\"\n");
        assertEquals("gw1", configurationAdmin.store.get("org.edgepki.edge").get("hostname"));
        assertNull(configurationAdmin.store.get("org.edgepki.edge").get("edge_ca_method"), "the Edge CA is a credential");
        assertEquals(SOURCE, configurationAdmin.store.get("org.edgepki.edge").get(ConfigurationApplier.SOURCE));
        Hashtable<String, Object> edgeCa = edgeCaCredential();
        assertEquals("self_signed", edgeCa.get("method"));
        assertEquals("ca", edgeCa.get("profile"));
        assertArrayEquals(new String[] {"CN=aziot-edge CA gw1"}, (String[]) edgeCa.get("subject"));
        assertEquals(List.of(), applier.difference(plan("hostname = \"gw1\"\n"), SOURCE));
    }

    @Test
    void a_change_touches_only_the_configurations_it_concerns() throws ApplyException {
        applyAll("hostname = \"gw1\"\n");
        List<ConfigurationChange> changes = applier.difference(plan("hostname = \"gw2\"\n"), SOURCE);
        assertEquals(2, changes.size(), "the hostname, and the quickstart Edge CA's name, which follows it: " + changes);
        assertEquals(List.of("org.edgepki.credential~aziot-edged-ca: subject [CN=aziot-edge CA gw1] → [CN=aziot-edge CA"
                + " gw2]", "org.edgepki.edge: hostname gw1 → gw2"), changes.stream()
                        .flatMap(change -> change.describe().stream()).sorted().toList());
    }

    @Test
    void properties_not_managed_by_config_toml_are_kept() throws Exception {
        Hashtable<String, Object> operator = new Hashtable<>(Map.of("module_cert_validity_days", 7, "hostname", "old"));
        configurationAdmin.getConfiguration("org.edgepki.edge", "?").update(operator);
        applyAll("");
        Hashtable<String, Object> edge = configurationAdmin.store.get("org.edgepki.edge");
        assertEquals(7, edge.get("module_cert_validity_days"));
        assertNull(edge.get("hostname"), "a managed key config.toml no longer sets is removed");
    }

    @Test
    void a_failed_write_restores_everything_already_written() throws Exception {
        applyAll("hostname = \"gw1\"\n");
        Map<String, Hashtable<String, Object>> before = Map.copyOf(configurationAdmin.store);
        configurationAdmin.failing = pid -> pid.equals("org.edgepki.edge");
        List<ConfigurationChange> changes = applier.difference(plan("hostname = \"gw2\"\ntrust_bundle_cert ="
                + " \"file:///var/secrets/trust.pem\"\n"), SOURCE);
        assertTrue(changes.size() >= 2, "the certstore is written before the edge: " + changes);
        ApplyException error = assertThrows(ApplyException.class, () -> applier.apply(changes));
        assertTrue(error.getMessage().contains("restored, nothing changed"), error.getMessage());
        assertEquals(before, configurationAdmin.store);
    }

    @Test
    void a_failed_first_write_removes_what_it_created() {
        configurationAdmin.failing = pid -> pid.equals("org.edgepki.edge");
        assertThrows(ApplyException.class, () -> applyAll("hostname = \"gw1\"\n"));
        assertEquals(Map.of(), configurationAdmin.store);
    }

    @Test
    void a_credential_no_longer_configured_is_deleted() throws ApplyException {
        applyAll("[edge_ca]\nauto_generated_edge_ca_expiry_days = 30\n");
        assertTrue(configurationAdmin.store.keySet().stream().anyMatch(pid -> pid.startsWith("org.edgepki.credential~")));
        applyAll("[edge_ca]\ncert = \"file:///var/secrets/ca.pem\"\npk = \"file:///var/secrets/ca.key.pem\"\n");
        assertEquals("manual", edgeCaCredential().get("method"), "a preloaded Edge CA is validated, never renewed");
        assertNull(edgeCaCredential().get("auto_renew_threshold"), "a preloaded Edge CA is never renewed");
        assertArrayEquals(new String[] {"aziot-edged-ca=file:///var/secrets/ca.pem"},
                (String[]) configurationAdmin.store.get("org.edgepki.certstore").get("preloaded_certs"));
    }

    @Test
    void a_credential_no_longer_configured_is_deleted_and_the_edge_ca_stays() throws ApplyException {
        applyAll("[provisioning]\nsource = \"manual\"\niothub_hostname = \"hub.example\"\ndevice_id = \"d1\"\n"
                + "[provisioning.authentication]\nmethod = \"x509\"\n"
                + "identity_cert = { method = \"local_ca\", common_name = \"d1\" }\n"
                + "identity_pk = \"file:///var/secrets/unused.key.pem\"\n[cert_issuance.local_ca]\n"
                + "cert = \"file:///var/secrets/ca.pem\"\npk = \"file:///var/secrets/ca.key.pem\"\n");
        assertEquals(2, credentialPids().size(), credentialPids().toString());
        applyAll("hostname = \"gw1\"\n");
        assertEquals(1, credentialPids().size(), "the device identity is no longer issued");
        assertEquals("aziot-edged-ca", edgeCaCredential().get("credential_id"));
    }

    private List<String> credentialPids() {
        return configurationAdmin.store.keySet().stream().filter(pid -> pid.startsWith("org.edgepki.credential~"))
                .toList();
    }

    private Hashtable<String, Object> edgeCaCredential() {
        return configurationAdmin.store.values().stream()
                .filter(properties -> "aziot-edged-ca".equals(properties.get("credential_id"))).findFirst()
                .orElseThrow();
    }

    @Test
    void descriptions_hide_passwords_and_pins() throws ApplyException {
        List<ConfigurationChange> changes = applier.difference(plan("[edge_ca]\nmethod = \"est\"\n"
                + "url = \"https://est.example.org/.well-known/est\"\nusername = \"u\"\npassword = \"s3cret\"\n"
                + "[aziot_keys]\npkcs11_lib_path = \"/usr/lib/p11.so\"\npkcs11_base_slot = \"pkcs11:token=t?pin-value=9876\"\n"),
                SOURCE);
        String shown = changes.stream().flatMap(change -> change.describe().stream()).toList().toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("9876"), shown);
        assertTrue(shown.contains("est_password (unset) → ****"), shown);
    }
}
