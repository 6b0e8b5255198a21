package org.edgepki.config.toml.internal.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.junit.jupiter.api.Test;

/** What a real user's config.toml becomes: one credential configuration per managed credential. */
class ConfigurationPlanTest {
    /** The [edge_ca] of IoT Edge's own EST example (example-ca-certs-est.toml in the reference configurations). */
    private static final String EST_EXAMPLE = "hostname = \"gw1\"\n\n[edge_ca]\nmethod = \"est\"\n"
            + "url = \"https://example.org/.well-known/est\"\nusername = \"user\"\npassword = \"password\"\n"
            + "bootstrap_identity_cert = \"file:///var/secrets/est-bootstrap-id.pem\"\n"
            + "bootstrap_identity_pk = \"file:///var/secrets/est-bootstrap-id.key.pem\"\n\n[edge_ca.subject]\n"
            + "L = \"AQ\"\nST = \"Antarctica\"\nCN = \"test CA\"\n\n[edge_ca.auto_renew]\nrotate_key = true\n"
            + "threshold = \"90%\"\nretry = \"1%\"\n";

    private static Map<String, Object> credential(String text, String id) {
        return ConfigurationPlan.of(ConfigReader.read(text, "config.toml").config().orElseThrow(), "gw-os").stream()
                .filter(planned -> PlannedConfiguration.CREDENTIAL_FACTORY.equals(planned.pid()))
                .map(PlannedConfiguration::values).filter(values -> id.equals(values.get("credential_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no credential " + id));
    }

    /**
     * IoT Edge's EST example gives the Edge CA its own bootstrap identity and no identity: the EST identity that
     * bootstrap enrolls is a credential of its own, at the Edge CA's URL, and the Edge CA is enrolled with it.
     */
    @Test
    void a_certificate_s_own_bootstrap_identity_enrolls_an_est_identity_that_is_a_credential_of_its_own() {
        String example = EST_EXAMPLE;
        Map<String, Object> edgeCa = credential(example, "aziot-edged-ca");
        Map<String, Object> identity = credential(example, "aziot-edged-ca-est-id");

        assertEquals("aziot-edged-ca-est-id", edgeCa.get("est_identity_id"));
        assertEquals("aziot-edged-ca-est-bootstrap-id", edgeCa.get("est_bootstrap_id"));
        assertEquals("est", identity.get("method"));
        assertEquals("aziot-edged-ca-est-id", identity.get("est_identity_id"), "enrolled with the bootstrap identity");
        assertEquals("aziot-edged-ca-est-bootstrap-id", identity.get("est_bootstrap_id"));
        assertEquals(edgeCa.get("est_url"), identity.get("est_url"));
        assertEquals("user", identity.get("est_username"));
        assertTrue(identity.containsKey("auto_renew_threshold"), "renewed by identity_auto_renew");
    }

    @Test
    void the_quickstart_edge_ca_is_a_credential_named_after_the_device() {
        Map<String, Object> edgeCa = credential("hostname = \"gw1\"\n", "aziot-edged-ca");
        assertEquals("self_signed", edgeCa.get("method"));
        assertEquals("ca", edgeCa.get("profile"));
        assertArrayEquals(new String[] {"CN=aziot-edge CA gw1"}, (String[]) edgeCa.get("subject"));
        assertArrayEquals(new String[] {"CN=aziot-edge CA gw-os"}, (String[]) credential("", "aziot-edged-ca")
                .get("subject"), "without hostname or device id, the operating system's hostname");
        assertEquals(Optional.of("manual"), Optional.ofNullable(credential("[edge_ca]\ncert = \"file:///ca.pem\"\n"
                + "pk = \"file:///ca.key.pem\"\n", "aziot-edged-ca").get("method")));
    }
}
