package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreSettingsTest {

    @Test
    void entries_are_parsed_and_an_id_given_several_times_keeps_its_files_in_order() {
        StoreSettings settings = StoreSettings.parse("/var/lib/test", new String[] {
            "trust-bundle-user=file:///etc/edge/a.pem",
            " aziot-edged-ca = file:///etc/edge/ca.pem ",
            "trust-bundle-user=file:///etc/edge/b.pem",
        }, 10, property -> null);

        assertEquals(Map.of(
                "trust-bundle-user", List.of(Path.of("/etc/edge/a.pem"), Path.of("/etc/edge/b.pem")),
                "aziot-edged-ca", List.of(Path.of("/etc/edge/ca.pem"))), settings.preloaded());
        assertEquals(List.of("trust-bundle-user", "aziot-edged-ca"), List.copyOf(settings.preloaded().keySet()));
        assertEquals(Path.of("/var/lib/test/certd/certs"), settings.certificateDirectory());
        assertEquals(Duration.ofSeconds(10), settings.serviceTimeout());
    }

    @Test
    void a_uri_with_escapes_and_localhost_is_a_file_path() {
        StoreSettings settings = StoreSettings.parse("/h", new String[] {"id=file://localhost/etc/my%20ca.pem"}, 1,
                property -> null);

        assertEquals(List.of(Path.of("/etc/my ca.pem")), settings.preloaded().get("id"));
    }

    @Test
    void blank_entries_are_ignored() {
        assertTrue(StoreSettings.parse("/h", new String[] {"", "  "}, 1, property -> null).preloaded().isEmpty());
    }

    @Test
    void an_empty_home_falls_back_to_the_framework_property() {
        StoreSettings settings = StoreSettings.parse("", new String[0], 1,
                property -> "edgepki.home".equals(property) ? "/srv/edgepki" : null);

        assertEquals(Path.of("/srv/edgepki"), settings.home());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "no-equals-sign",
        "=file:///etc/edge/ca.pem",
        "id=/etc/edge/ca.pem",
        "id=file:relative/ca.pem",
        "id=https://example.com/ca.pem",
        "id=pkcs11:token=x",
        "id=file://otherhost/etc/ca.pem",
        "id=file:///etc/ca.pem?x=1",
        "id=file:///etc/ca pem",
        "id=",
    })
    void a_malformed_entry_is_rejected_naming_the_attribute_and_the_entry(String entry) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.parse("/h", new String[] {"good=file:///etc/good.pem", entry}, 1, property -> null));

        assertTrue(error.getMessage().startsWith("org.edgepki.certstore: preloaded_certs entry \"" + entry + "\""),
                error.getMessage());
    }

    @Test
    void a_negative_service_timeout_is_rejected_naming_the_attribute() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.parse("/h", new String[0], -1, property -> null));

        assertTrue(error.getMessage().contains("service_timeout_seconds"), error.getMessage());
    }
}
