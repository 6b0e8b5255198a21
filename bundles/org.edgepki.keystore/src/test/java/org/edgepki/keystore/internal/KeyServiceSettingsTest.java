package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyServiceSettingsTest {

    @Test
    void preloaded_entries_map_ids_to_their_uris() {
        KeyServiceSettings settings = KeyServiceSettings.parse(new String[] {
            "device-id=file:///var/secrets/device-id.key.pem",
            " aziot-edged-ca = pkcs11:token=edge;object=edge%20ca?pin-value=1234 "}, "pkcs11", 3);

        assertEquals(Map.of(
                "device-id", URI.create("file:///var/secrets/device-id.key.pem"),
                "aziot-edged-ca", URI.create("pkcs11:token=edge;object=edge%20ca?pin-value=1234")),
                settings.preloadedKeys());
        assertEquals("pkcs11", settings.baseScheme());
        assertEquals(Duration.ofSeconds(3), settings.providerTimeout());
    }

    @Test
    void no_preloaded_keys_is_valid() {
        KeyServiceSettings settings = KeyServiceSettings.parse(null, "file", 10);

        assertEquals(Map.of(), settings.preloadedKeys());
        assertEquals(KeyServiceSettings.DEFAULTS, KeyServiceSettings.parse(new String[0], "file", 10));
        assertEquals(KeyServiceSettings.DEFAULTS, KeyServiceSettings.parse(new String[] {"", " ", null}, "file", 10),
                "blank entries, as a metatype editor submits them, are ignored");
    }

    @Test
    void an_entry_without_equals_is_rejected_naming_the_attribute_and_entry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {"device-id file:///k.pem"}, "file", 10));

        assertTrue(e.getMessage().startsWith("preloaded_keys entry 'device-id file:///k.pem' is not valid: "
                + "an entry is id=URI"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k=file:relative/key.pem", "k=file://host/key.pem", "k=file:///key.pem?x=1",
        "k=/var/secrets/key.pem", "k=file:///key.pem#frag"})
    void a_file_uri_that_is_not_an_absolute_path_is_rejected(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {entry}, "file", 10));

        // a query may hold a PIN: its values are never repeated
        assertTrue(e.getMessage().startsWith("preloaded_keys entry '" + Pkcs11Uri.redact(entry) + "' is not valid: "),
                e.getMessage());
    }

    @Test
    void an_unknown_scheme_is_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {"k=tpm:handle"}, "file", 10));

        assertTrue(e.getMessage().contains("the URI scheme must be file or pkcs11"), e.getMessage());
    }

    @Test
    void a_uri_that_does_not_parse_is_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {"k=file:///a key.pem"}, "file", 10));

        assertTrue(e.getMessage().contains("'k=file:///a key.pem' is not valid: the URI does not parse"),
                e.getMessage());
    }

    @Test
    void an_id_preloaded_twice_is_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {"k=file:///a.pem", "k=file:///b.pem"}, "file", 10));

        assertTrue(e.getMessage().contains("'k=file:///b.pem' is not valid: the key id 'k' is preloaded twice"),
                e.getMessage());
    }

    @Test
    void an_empty_id_is_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[] {"=file:///a.pem"}, "file", 10));

        assertTrue(e.getMessage().contains("an id must not be empty"), e.getMessage());
    }

    @Test
    void a_pin_never_appears_in_the_error() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyServiceSettings.parse(
                new String[] {"k=pkcs11:object=k?pin-value=s3cret", "k=pkcs11:object=k?pin-value=s3cret"}, "file", 10));

        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("pin-value=***"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "files", "PKCS11", "tpm"})
    void an_unknown_base_scheme_is_rejected(String scheme) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[0], scheme, 10));

        assertTrue(e.getMessage().startsWith("base_scheme '" + scheme + "' is not valid"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3601})
    void a_timeout_out_of_range_is_rejected(int seconds) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyServiceSettings.parse(new String[0], "file", seconds));

        assertTrue(e.getMessage().startsWith("service_timeout_seconds " + seconds + " is not valid"), e.getMessage());
    }
}
