package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.issuer.CertificateProfile;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationException;

class CredentialSettingsTest {

    @Test
    void reads_what_the_config_toml_adapter_writes() throws Exception {
        ManagedCredential credential = parse(Map.of("credential_id", "device-id", "method", "local_ca",
                "subject", new String[] {"O=Contoso", "CN=gw1"}, "expiry_days", 7, "issuer_id", "local-ca",
                "auto_renew_rotate_key", false, "auto_renew_threshold", "1day", "auto_renew_retry", "10min"));
        assertEquals("device-id", credential.id());
        assertEquals(List.of("O=Contoso", "CN=gw1"), credential.subject());
        assertEquals(Duration.ofDays(7), credential.validity());
        assertEquals(Optional.of("local-ca"), credential.issuerId());
        assertTrue(credential.autoRenew());
        assertFalse(credential.rotateKey());
        assertEquals(Duration.ofDays(1), credential.threshold().absolute());
        assertEquals("keep key, renew at 1day before expiry, retry every 10min", credential.policyText());
    }

    @Test
    void without_auto_renew_a_credential_is_only_renewed_on_request() throws Exception {
        ManagedCredential credential = parse(Map.of("credential_id", "device-id", "method", "est"));
        assertFalse(credential.autoRenew());
        assertEquals(Duration.ofDays(90), credential.validity());
        assertEquals("not renewed automatically (no auto_renew)", credential.policyText());
    }

    @Test
    void the_empty_fields_a_configuration_screen_submits_leave_renewal_off_and_the_key_rotated() throws Exception {
        ManagedCredential credential = parse(Map.of("credential_id", "device-id", "method", "est",
                "auto_renew_threshold", "", "auto_renew_retry", " ", "auto_renew_rotate_key", "", "issuer_id", ""));
        assertFalse(credential.autoRenew());
        assertTrue(credential.rotateKey());
        assertTrue(credential.issuerId().isEmpty());
        assertTrue(parse(Map.of("credential_id", "device-id", "method", "est",
                "auto_renew_rotate_key", "false")).autoRenew());
    }

    @Test
    void wrong_values_name_the_property() {
        assertEquals("credential_id", assertThrows(ConfigurationException.class,
                () -> parse(Map.of("method", "est"))).getProperty());
        assertEquals("auto_renew_threshold", assertThrows(ConfigurationException.class, () -> parse(
                Map.of("credential_id", "x", "method", "est", "auto_renew_threshold", "150%"))).getProperty());
        assertEquals("expiry_days", assertThrows(ConfigurationException.class, () -> parse(
                Map.of("credential_id", "x", "method", "est", "expiry_days", 0))).getProperty());
        assertEquals("profile", assertThrows(ConfigurationException.class, () -> parse(
                Map.of("credential_id", "x", "method", "est", "profile", "root"))).getProperty());
        assertEquals("est_url", assertThrows(ConfigurationException.class, () -> parse(
                Map.of("credential_id", "x", "method", "est", "est_url", "http://est.example.org/est"))).getProperty());
    }

    @Test
    void the_edge_ca_is_a_ca_by_default_and_its_own_est_settings_travel_with_it() throws Exception {
        ManagedCredential edgeCa = parse(Map.of("credential_id", "aziot-edged-ca", "method", "est", "est_url",
                "https://est.example.org/.well-known/est", "est_username", "gw", "est_password", "secret"));
        assertEquals(Optional.of(CertificateProfile.CA), edgeCa.profile());
        assertEquals("rsa-2048", edgeCa.keyAlgorithm());
        assertEquals(Optional.of(URI.create("https://est.example.org/.well-known/est")), edgeCa.endpoint().url());
        assertEquals(Optional.of("gw"), edgeCa.endpoint().username());
        assertFalse(edgeCa.endpoint().toString().contains("secret"), edgeCa.endpoint().toString());
        assertFalse(parse(Map.of("credential_id", "aziot-edged-ca", "method", "manual", "auto_renew_threshold", "80%"))
                .autoRenew(), "a manual credential is never renewed");
    }

    @Test
    void a_refused_est_url_never_shows_the_password_it_may_hold() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> parse(Map.of(
                "credential_id", "x", "method", "est", "est_url", "https://gw:s3cret-pw@est.example.org/est")));
        assertEquals("est_url", refused.getProperty());
        assertFalse(refused.getMessage().contains("s3cret-pw"), refused.getMessage());
        assertFalse(refused.getReason().contains("s3cret-pw"), refused.getReason());
    }

    private static ManagedCredential parse(Map<String, Object> properties) throws ConfigurationException {
        return CredentialSettings.from(config(properties));
    }

    /**
     * The typed configuration DS makes of these properties (its conversion, for the types used here), with the
     * annotation's defaults for the others. (SCR does this in the runtime: MetatypeTest and the itests run it.)
     */
    static CredentialConfig config(Map<String, Object> properties) {
        return (CredentialConfig) Proxy.newProxyInstance(CredentialConfig.class.getClassLoader(),
                new Class<?>[] {CredentialConfig.class}, (proxy, method, args) -> {
                    Object value = properties.get(method.getName().replace("__", "_"));
                    Class<?> type = method.getReturnType();
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    if (type == String[].class) {
                        return value instanceof String[] array ? array : new String[] {String.valueOf(value)};
                    }
                    if (type == int.class) {
                        return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
                    }
                    return String.valueOf(value);
                });
    }
}
