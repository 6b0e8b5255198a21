package org.edgepki.config.toml.internal.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.junit.jupiter.api.Test;

/** No password or PIN of config.toml reaches a Config Admin property; each is in a file the property names. */
class SecretReferencesTest {
    private static final Path SECRETS = Path.of("/var/lib/edgepki/secrets");

    @Test
    void passwords_become_files_named_by_their_property() {
        SecretReferences referenced = SecretReferences.of(plan(config("s3cret-Pass", "1234")), SecretReferencesTest::file);
        Map<String, Object> est = configuration(referenced, "org.edgepki.issuer.est");
        assertFalse(est.containsKey("password"));
        assertEquals(SECRETS.resolve("org.edgepki.issuer.est.password").toString(), est.get("password_file"));
        assertEquals("s3cret-Pass", referenced.files().get(SECRETS.resolve("org.edgepki.issuer.est.password")));
        assertTrue(referenced.plan().stream().filter(p -> p.pid().equals("org.edgepki.issuer.est")).findFirst()
                .orElseThrow().managedKeys().containsAll(List.of("password", "password_file")),
                "a clear password left by an earlier version is removed");
    }

    @Test
    void a_pin_value_becomes_a_pin_source_file() {
        SecretReferences referenced = SecretReferences.of(plan(config("pw-pw-pw", "12 34&?")), SecretReferencesTest::file);
        String slot = (String) configuration(referenced, "org.edgepki.pkcs11").get("base_slot");
        Pkcs11Uri uri = Pkcs11Uri.parse(slot);
        assertTrue(uri.queryAttribute("pin-value").isEmpty(), slot);
        Path pinFile = Path.of(uri.queryAttribute("pin-source").orElseThrow());
        assertEquals("12 34&?", referenced.files().get(pinFile));
        assertEquals("edge", uri.pathAttribute("token").orElseThrow());
        String[] keys = (String[]) configuration(referenced, "org.edgepki.keystore").get("preloaded_keys");
        String deviceKey = Arrays.stream(keys).filter(entry -> entry.startsWith("device-id=")).findFirst().orElseThrow();
        assertEquals("12 34&?", referenced.files().get(Path.of(Pkcs11Uri.parse(deviceKey.substring("device-id=".length()))
                .queryAttribute("pin-source").orElseThrow())));
    }

    @Property(tries = 300)
    void no_secret_survives_in_any_property(@ForAll("secrets") String password, @ForAll("secrets") String pin) {
        SecretReferences referenced = SecretReferences.of(plan(config(password, pin)), SecretReferencesTest::file);
        for (PlannedConfiguration planned : referenced.plan()) {
            planned.values().forEach((key, value) -> {
                String text = value instanceof String[] array ? String.join("\n", array) : String.valueOf(value);
                assertFalse(text.contains(password), planned.displayName() + " " + key + " = " + text);
                assertFalse(text.contains(pin) || text.contains("pin-value"), planned.displayName() + " " + key + " = " + text);
            });
        }
        assertTrue(referenced.files().containsValue(password));
        assertTrue(referenced.files().containsValue(pin));
    }

    @Provide
    Arbitrary<String> secrets() {
        // TOML basic strings escape '"' and '\'; the rest of the printable range and Unicode go in as they are
        return Arbitraries.strings().withCharRange('!', '~').withCharRange('\u00a0', '\ud7ff')
                .ofMinLength(8).ofMaxLength(24).filter(s -> s.indexOf('"') < 0 && s.indexOf('\\') < 0);
    }

    private static Path file(String purpose, String secret) {
        return SECRETS.resolve(purpose.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static Map<String, Object> configuration(SecretReferences referenced, String pid) {
        return referenced.plan().stream().filter(planned -> planned.pid().equals(pid)).findFirst().orElseThrow().values();
    }

    private static List<PlannedConfiguration> plan(String toml) {
        return ConfigurationPlan.of(ConfigReader.read(toml, "config.toml").config()
                .orElseThrow(() -> new AssertionError(ConfigReader.read(toml, "config.toml").problems().all())), "gw-os");
    }

    private static String config(String password, String pin) {
        String encodedPin = percentEncoded(pin);
        return "hostname = \"gw1\"\n\n[provisioning]\nsource = \"manual\"\niothub_hostname = \"hub.example\"\n"
                + "device_id = \"dev1\"\n[provisioning.authentication]\nmethod = \"x509\"\n"
                + "identity_cert = \"file:///var/secrets/device-id.pem\"\n"
                + "identity_pk = \"pkcs11:token=edge;object=device-id?pin-value=" + encodedPin + "\"\n\n"
                + "[aziot_keys]\npkcs11_lib_path = \"/usr/lib/softhsm/libsofthsm2.so\"\n"
                + "pkcs11_base_slot = \"pkcs11:token=edge?pin-value=" + encodedPin + "\"\n\n"
                + "[cert_issuance.est]\ntrusted_certs = [\"file:///var/secrets/est-ca.pem\"]\n"
                + "[cert_issuance.est.auth]\nusername = \"estuser\"\npassword = \"" + password + "\"\n"
                + "[cert_issuance.est.urls]\ndefault = \"https://est.example/.well-known/est\"\n";
    }

    private static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            encoded.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return encoded.toString();
    }
}
