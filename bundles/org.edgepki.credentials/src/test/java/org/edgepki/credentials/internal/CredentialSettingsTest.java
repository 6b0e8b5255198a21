package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationException;

class CredentialSettingsTest {

    @Test
    void reads_what_the_config_toml_adapter_writes() throws Exception {
        ManagedCredential credential = CredentialSettings.parse(Map.of("credential_id", "device-id", "method", "local_ca",
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
        ManagedCredential credential = CredentialSettings.parse(Map.of("credential_id", "device-id", "method", "est"));
        assertFalse(credential.autoRenew());
        assertEquals(Duration.ofDays(90), credential.validity());
        assertEquals("not renewed automatically (no auto_renew)", credential.policyText());
    }

    @Test
    void the_empty_fields_a_configuration_screen_submits_leave_renewal_off_and_the_key_rotated() throws Exception {
        ManagedCredential credential = CredentialSettings.parse(Map.of("credential_id", "device-id", "method", "est",
                "auto_renew_threshold", "", "auto_renew_retry", " ", "auto_renew_rotate_key", "", "issuer_id", ""));
        assertFalse(credential.autoRenew());
        assertTrue(credential.rotateKey());
        assertTrue(credential.issuerId().isEmpty());
        assertTrue(CredentialSettings.parse(Map.of("credential_id", "device-id", "method", "est",
                "auto_renew_rotate_key", "false")).autoRenew());
    }

    @Test
    void wrong_values_name_the_property() {
        assertEquals("credential_id", assertThrows(ConfigurationException.class,
                () -> CredentialSettings.parse(Map.of("method", "est"))).getProperty());
        assertEquals("auto_renew_threshold", assertThrows(ConfigurationException.class, () -> CredentialSettings.parse(
                Map.of("credential_id", "x", "method", "est", "auto_renew_threshold", "150%"))).getProperty());
        assertEquals("expiry_days", assertThrows(ConfigurationException.class, () -> CredentialSettings.parse(
                Map.of("credential_id", "x", "method", "est", "expiry_days", "soon"))).getProperty());
    }
}
