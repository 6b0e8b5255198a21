package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.Test;

/** One config per branch of the schema (src/test/resources/schema/good/), read into the model. */
class SchemaBranchesTest {

    /**
     * @param warnedAt the key paths of the warnings the file is expected to draw, in order
     */
    static IotEdgeConfig read(String name, String... warnedAt) throws IOException {
        String text;
        try (InputStream in = SchemaBranchesTest.class.getResourceAsStream("/schema/good/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ConfigReader.Result result = ConfigReader.read(text, name);
        assertEquals(List.of(), result.problems().of(Severity.ERROR), name);
        assertEquals(List.of(warnedAt), result.problems().of(Severity.WARNING).stream().map(Problem::keyPath).toList(),
                name + ": " + result.problems().of(Severity.WARNING));
        return result.config().orElseThrow();
    }

    /** Found by ConfigTomlFuzzTest: tomlj threw an internal AssertionError, which left the apply without a word. */
    @Test
    void a_file_the_toml_parser_fails_on_is_a_clear_error_at_line_1() {
        ConfigReader.Result result = ConfigReader.read("hostname = \"gw\"\n[provisioning.authentication.de#\u0000\u0000\u0000"
                + "_id_pk]\nvalue = 1\n", "config.toml");
        assertTrue(result.config().isEmpty());
        List<Problem> errors = result.problems().of(Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).toString().startsWith("config.toml:1:1"), errors.get(0).toString());
        assertTrue(errors.get(0).message().contains("not valid TOML"), errors.get(0).message());
    }

    @Test
    void no_edge_ca_section_means_quickstart_90_days_renewed_at_80_percent() throws IOException {
        IotEdgeConfig config = read("quickstart-default.toml");
        assertEquals(new EdgeCa.Quickstart(90, RenewalPolicy.EDGE_CA_DEFAULT), config.edgeCa());
        assertEquals(Optional.empty(), config.hostname());
    }

    @Test
    void quickstart_takes_its_lifetime_and_absolute_renewal_times() throws IOException {
        EdgeCa.Quickstart quickstart = assertInstanceOf(EdgeCa.Quickstart.class,
                read("quickstart-custom.toml").edgeCa());
        assertEquals(30, quickstart.expiryDays());
        assertEquals(Duration.ofDays(10), quickstart.autoRenew().threshold().absolute());
        assertEquals(Duration.ofMinutes(90), quickstart.autoRenew().retry().absolute());
    }

    @Test
    void preloaded_edge_ca_and_trust_bundle_become_preloads_with_iot_edge_ids() throws IOException {
        IotEdgeConfig config = read("preloaded.toml");
        assertInstanceOf(EdgeCa.Preloaded.class, config.edgeCa());
        Preloads preloads = Preloads.of(config);
        assertEquals("file:///var/secrets/edge-ca.key.pem", preloads.keys().get("aziot-edged-ca").uri());
        assertEquals(List.of("file:///var/secrets/edge-ca.pem"), preloads.certs().get("aziot-edged-ca"));
        assertEquals(List.of("file:///var/secrets/trust-bundle.pem"), preloads.certs().get("trust-bundle-user"));
    }

    @Test
    void preloaded_key_on_a_token_needs_and_has_the_library() throws IOException {
        IotEdgeConfig config = read("preloaded-pkcs11.toml");
        EdgeCa.Preloaded files = assertInstanceOf(EdgeCa.Preloaded.class, config.edgeCa());
        assertTrue(files.pk().isPkcs11());
        assertEquals("pkcs11:token=edge;object=edge%20ca?pin-value=****", files.pk().toString());
        assertEquals("/usr/lib/softhsm/libsofthsm2.so", config.pkcs11().orElseThrow().libPath().orElseThrow());
    }

    @Test
    void issued_self_signed_may_keep_its_key() throws IOException {
        Issuance issuance = assertInstanceOf(EdgeCa.Issued.class, read("issued-self-signed.toml").edgeCa()).issuance();
        assertEquals("self_signed", issuance.method());
        assertEquals(Optional.of("gw1 custom CA"), issuance.subject().orElseThrow().commonName());
        assertEquals(Optional.of(365), issuance.expiryDays());
        assertEquals(false, issuance.autoRenew().orElseThrow().rotateKey());
    }

    @Test
    void issued_local_ca_keeps_the_subject_order_and_gets_default_renewal() throws IOException {
        IotEdgeConfig config = read("issued-local-ca.toml");
        Issuance issuance = assertInstanceOf(EdgeCa.Issued.class, config.edgeCa()).issuance();
        assertEquals(List.of("L=AQ", "ST=Antarctica", "CN=gw1 local-ca"), issuance.subject().orElseThrow().entries());
        assertEquals(Optional.of(RenewalPolicy.EDGE_CA_DEFAULT), issuance.autoRenew());
        assertEquals("file:///var/secrets/local-ca.pem", config.localCa().orElseThrow().cert());
    }

    @Test
    void issued_est_with_its_own_url_credentials_and_bootstrap() throws IOException {
        IotEdgeConfig config = read("issued-est-bootstrap.toml");
        EstEndpoint est = assertInstanceOf(EdgeCa.Issued.class, config.edgeCa()).issuance().est();
        assertEquals(Optional.of("https://est.example.org/.well-known/est"), est.url());
        assertEquals("estpwd", est.password().orElseThrow().value());
        assertEquals("****", est.password().orElseThrow().toString());
        Preloads preloads = Preloads.of(config);
        assertEquals(List.of("file:///var/secrets/est-ca-1.pem", "file:///var/secrets/est-ca-2.pem"),
                preloads.certs().get(Preloads.EST_SERVER_CA));
        assertTrue(preloads.keys().containsKey("aziot-edged-ca-est-bootstrap-id"));
    }

    @Test
    void global_est_settings_with_urls_auth_and_identity_renewal_in_short_spelling() throws IOException {
        IotEdgeConfig.EstSettings est = read("est-global.toml").est().orElseThrow();
        assertEquals(Map.of("default", "https://est.example.org/.well-known/est", "aziot-edged-ca",
                "https://est.example.org/.well-known/est/edgeca"), est.urls());
        assertEquals("4day", est.identityAutoRenew().threshold().toString());
        assertEquals("10min", est.identityAutoRenew().retry().toString());
        assertTrue(est.auth().identityCert().isPresent() && est.auth().bootstrapCert().isPresent());
    }

    @Test
    void manual_provisioning_by_connection_string_gives_the_device_id() throws IOException {
        Provisioning provisioning = read("manual-connection-string.toml").provisioning().orElseThrow();
        assertEquals(Optional.of("gw-7"), provisioning.deviceId());
        assertEquals(Optional.empty(), provisioning.x509());
    }

    @Test
    void manual_x509_from_files_preloads_the_device_identity() throws IOException {
        IotEdgeConfig config = read("manual-x509-files.toml");
        assertInstanceOf(IdentityCert.File.class, config.provisioning().orElseThrow().x509().orElseThrow().cert());
        assertEquals(List.of("file:///var/secrets/device-id.pem"), Preloads.of(config).certs().get("device-id"));
    }

    @Test
    void manual_x509_issued_by_est_with_auto_renew() throws IOException {
        // accepted, with the documentation's warning that the hub must not know the device by thumbprint
        IdentityCert cert = read("manual-x509-est.toml", "provisioning.authentication.identity_cert.method",
                "provisioning.authentication.identity_cert.auto_renew").provisioning().orElseThrow().x509().orElseThrow()
                .cert();
        Issuance issuance = assertInstanceOf(IdentityCert.Issued.class, cert).issuance();
        assertEquals("est", issuance.method());
        assertTrue(issuance.autoRenew().isPresent());
    }

    @Test
    void dps_symmetric_key_and_tpm_are_accepted() throws IOException {
        Provisioning.Dps symmetric = assertInstanceOf(Provisioning.Dps.class,
                read("dps-symmetric-key.toml").provisioning().orElseThrow());
        assertEquals("symmetric_key", symmetric.attestation());
        Provisioning.Dps tpm = assertInstanceOf(Provisioning.Dps.class, read("dps-tpm.toml").provisioning().orElseThrow());
        assertEquals(Optional.of("gw1"), tpm.registrationId());
    }

    @Test
    void dps_x509_from_files_with_a_token_key() throws IOException {
        IotEdgeConfig config = read("dps-x509-files.toml");
        assertTrue(Preloads.of(config).keys().get("device-id").isPkcs11());
    }

    @Test
    void dps_x509_issued_by_local_ca_matches_registration_id_and_renews() throws IOException {
        Provisioning.Dps dps = assertInstanceOf(Provisioning.Dps.class,
                read("dps-x509-local-ca.toml", "provisioning.attestation.identity_cert.auto_renew").provisioning()
                        .orElseThrow());
        Issuance issuance = assertInstanceOf(IdentityCert.Issued.class, dps.x509().orElseThrow().cert()).issuance();
        assertEquals(Optional.of(7), issuance.expiryDays());
        assertEquals(Duration.ofDays(1), issuance.autoRenew().orElseThrow().threshold().absolute());
    }

    @Test
    void preloaded_tables_and_nested_parent() throws IOException {
        IotEdgeConfig config = read("preloaded-tables.toml");
        assertEquals(Optional.of("parent.example.org"), config.parentHostname());
        assertEquals(2, config.preloadedCerts().get("partner-roots").size());
        assertTrue(config.preloadedKeys().get("hsm-key").isPkcs11());
    }

    @Test
    void unknown_keys_are_warnings_with_their_path_and_the_file_is_still_accepted() {
        ConfigReader.Result result = ConfigReader.read("hostnme = \"gw\"\n[edge_ca]\nauto_generated_edge_ca_expiry_dayz = 3\n",
                "config.toml");
        assertTrue(result.config().isPresent());
        List<String> warnings = result.problems().of(Severity.WARNING).stream().map(Problem::toString).toList();
        assertTrue(warnings.contains("config.toml:1:1 warning: hostnme: unknown key, ignored (check its spelling and"
                + " section against the template)"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("edge_ca.auto_generated_edge_ca_expiry_dayz")), warnings.toString());
    }

    @Test
    void container_sections_are_reported_once_as_not_applicable() {
        ConfigReader.Result result = ConfigReader.read("[agent]\nname = \"edgeAgent\"\n[moby_runtime]\nuri = \"unix:///x\"\n"
                + "[connect]\n[listen]\n[watchdog]\n[image_garbage_collection]\n", "config.toml");
        assertTrue(result.config().isPresent());
        List<Problem> notices = result.problems().of(Severity.NOTICE);
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).message().endsWith("agent, connect, image_garbage_collection, listen, moby_runtime,"
                + " watchdog"), notices.get(0).message());
        assertEquals(List.of(), result.problems().of(Severity.WARNING));
    }

    /**
     * IoT Edge sets no upper bound (only libiothsm of 1.1 failed from 2038 on); edgepki's is 100 years, far past
     * 2050: a quickstart Edge CA of 10000 days (2026 to 2054) is accepted without a word.
     */
    @Test
    void a_quickstart_lifetime_reaching_past_2050_is_accepted_up_to_100_years() {
        for (int days : new int[] {10000, 36500}) {
            ConfigReader.Result result = ConfigReader.read("[edge_ca]\nauto_generated_edge_ca_expiry_days = " + days
                    + "\n", "config.toml");
            assertTrue(result.config().isPresent(), days + " days");
            assertEquals(List.of(), result.problems().all(), days + " days");
        }
        ConfigReader.Result tooLong = ConfigReader.read("[edge_ca]\nauto_generated_edge_ca_expiry_days = 36501\n",
                "config.toml");
        assertTrue(tooLong.config().isEmpty());
        assertEquals("must be a number of days from 1 to 36500, not 36501", tooLong.problems().of(Severity.ERROR).get(0)
                .message());
    }

    @Test
    void threshold_beyond_the_lifetime_is_a_warning_not_a_loop() {
        ConfigReader.Result result = ConfigReader.read("[edge_ca]\nauto_generated_edge_ca_expiry_days = 3\n"
                + "[edge_ca.auto_renew]\nrotate_key = true\nthreshold = \"5day\"\nretry = \"4%\"\n", "config.toml");
        assertTrue(result.config().isPresent());
        assertTrue(result.problems().of(Severity.WARNING).stream().anyMatch(problem ->
                problem.keyPath().equals("edge_ca.auto_renew.threshold") && problem.message().contains("lifetime")));
    }

    @Test
    void est_without_any_authentication_is_a_warning() {
        ConfigReader.Result result = ConfigReader.read("[edge_ca]\nmethod = \"est\"\n"
                + "url = \"https://est.example.org/.well-known/est\"\n", "config.toml");
        assertTrue(result.config().isPresent());
        assertTrue(result.problems().of(Severity.WARNING).stream().anyMatch(problem ->
                problem.keyPath().equals("edge_ca.method") && problem.message().contains("anonymous")));
    }
}
