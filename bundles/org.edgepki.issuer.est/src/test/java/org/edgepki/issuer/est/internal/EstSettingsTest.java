package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.files.SecretFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which EST endpoint a certificate uses: its own settings over [cert_issuance.est]'s. */
class EstSettingsTest {

    private static EstIssuerConfig config(String[] urls, String username, String password) {
        return config(urls, username, password, "");
    }

    private static EstIssuerConfig config(String[] urls, String username, String password, String passwordFile) {
        return new EstIssuerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EstIssuerConfig.class;
            }

            @Override
            public String trusted__certs__id() {
                return "est-server-ca";
            }

            @Override
            public String[] urls() {
                return urls;
            }

            @Override
            public String username() {
                return username;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String password__file() {
                return passwordFile;
            }

            @Override
            public String identity__id() {
                return "";
            }

            @Override
            public String bootstrap__id() {
                return "est-bootstrap-id";
            }

            @Override
            public int timeout__seconds() {
                return 30;
            }

            @Override
            public int deadline__seconds() {
                return 120;
            }

            @Override
            public int service__timeout__seconds() {
                return 10;
            }
        };
    }

    private static final EstSettings GLOBAL = EstSettings.from(config(new String[] {
        "default=https://est.example.org/.well-known/est", "aziot-edged-ca=https://est.example.org/.well-known/est/ca"},
            "estuser", "estpwd"));

    @Test
    void the_url_is_the_certificates_own_else_its_urls_entry_else_the_default() throws Exception {
        assertEquals(URI.create("https://own.example.org/est"), GLOBAL.endpointFor("aziot-edged-ca",
                new IssuerEndpoint(Optional.of(URI.create("https://own.example.org/est")), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty())).url());
        assertEquals(URI.create("https://est.example.org/.well-known/est/ca"), GLOBAL.endpointFor("aziot-edged-ca",
                IssuerEndpoint.NONE).url());
        assertEquals(URI.create("https://est.example.org/.well-known/est"), GLOBAL.endpointFor("device-id", IssuerEndpoint.NONE)
                .url());
    }

    @Test
    void credentials_come_as_a_pair_from_the_certificate_or_from_the_global_settings() throws Exception {
        EstEndpoint own = GLOBAL.endpointFor("device-id", new IssuerEndpoint(Optional.empty(), Optional.of("device"),
                Optional.of("secret".toCharArray()), Optional.of("device-id-est-id"), Optional.empty()));
        assertEquals(Optional.of("device"), own.username());
        assertArrayEquals("secret".toCharArray(), own.password().orElseThrow());
        assertEquals(Optional.of("device-id-est-id"), own.identityId());
        assertEquals(Optional.of("est-bootstrap-id"), own.bootstrapId(), "not set for the certificate: global");
        EstEndpoint global = GLOBAL.endpointFor("device-id", IssuerEndpoint.NONE);
        assertEquals(Optional.of("estuser"), global.username());
        assertArrayEquals("estpwd".toCharArray(), global.password().orElseThrow());
        assertEquals(Optional.of("est-server-ca"), global.trustedCertsId());
        assertFalse(global.toString().contains("estpwd"), global.toString());
        assertFalse(GLOBAL.toString().contains("estpwd"), GLOBAL.toString());
    }

    @Test
    void no_applicable_url_and_bad_urls_are_clear_errors() {
        EstSettings none = EstSettings.from(config(new String[0], "", ""));
        IssuanceException missing = assertThrows(IssuanceException.class, () -> none.endpointFor("device-id", IssuerEndpoint.NONE));
        assertTrue(missing.getMessage().contains("urls.device-id or urls.default"), missing.getMessage());
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> EstSettings.from(config(
                new String[] {"default=http://est.example.org/.well-known/est"}, "", "")));
        assertTrue(plain.getMessage().startsWith("urls.default: an EST URL must be https"), plain.getMessage());
        IllegalArgumentException userInfo = assertThrows(IllegalArgumentException.class, () -> EstSettings.from(config(
                new String[] {"default=https://user:secret@est.example.org/est"}, "", "")));
        assertFalse(userInfo.getMessage().contains("secret"), userInfo.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> EstSettings.from(config(
                new String[] {"https://est.example.org"}, "", "")));
        assertTrue(shape.getMessage().contains("must be <cert id>=<url>"), shape.getMessage());
    }

    @Test
    void the_password_can_come_from_a_file_and_a_bad_file_is_named_without_its_content(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("est-password");
        SecretFile.write(file, "from-the-file");
        EstSettings settings = EstSettings.from(config(new String[] {"default=https://est.example/.well-known/est"},
                "user", "", file.toString()));
        assertEquals("from-the-file", new String(settings.password().orElseThrow()));

        Files.writeString(file, "");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> EstSettings.from(config(
                new String[] {"default=https://est.example/.well-known/est"}, "user", "", file.toString())));
        assertTrue(empty.getMessage().startsWith("password_file: " + file + " is empty"), empty.getMessage());
    }
}
