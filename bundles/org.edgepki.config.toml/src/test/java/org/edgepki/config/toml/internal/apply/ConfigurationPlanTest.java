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

    /**
     * The documentation's {@code identity_cert = "my-est-id-cert-name"} in {@code [cert_issuance.est.auth]}: the EST
     * identity the bootstrap identity enrolls is stored, renewed and used under that name.
     */
    @Test
    void an_est_identity_given_a_name_is_the_credential_and_the_identity_of_that_name() {
        String text = "hostname = \"gw1\"\n[cert_issuance.est]\ntrusted_certs = [\"file:///est-ca.pem\"]\n"
                + "[cert_issuance.est.auth]\nbootstrap_identity_cert = \"file:///boot.pem\"\n"
                + "bootstrap_identity_pk = \"file:///boot.key.pem\"\nidentity_cert = \"my-est-id\"\n"
                + "identity_pk = \"my-est-id\"\n[cert_issuance.est.urls]\ndefault = \"https://est.example.org/.well-known/est\"\n"
                + "[edge_ca]\nmethod = \"est\"\ncommon_name = \"gw1 Edge CA\"\n";
        Map<String, Object> identity = credential(text, "my-est-id");
        assertEquals("est", identity.get("method"));
        assertTrue(identity.containsKey("auto_renew_threshold"), "renewed by identity_auto_renew");
        Map<String, Object> issuer = ConfigurationPlan.of(ConfigReader.read(text, "config.toml").config().orElseThrow(),
                "gw-os").stream().filter(planned -> "org.edgepki.issuer.est".equals(planned.pid())).findFirst()
                .orElseThrow().values();
        assertEquals("my-est-id", issuer.get("identity_id"), "the issuer authenticates with the named identity");
        assertEquals("est-bootstrap-id", issuer.get("bootstrap_id"));
        assertTrue(ConfigurationPlan.of(ConfigReader.read(text, "config.toml").config().orElseThrow(), "gw-os").stream()
                .noneMatch(planned -> "est-id".equals(planned.values().get("credential_id"))), "no est-id besides it");
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
