package org.edgepki.config.toml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check reports a config.toml with a secret, and Config Admin's directory, that other users can read. */
class ConfigFileCheckTest {
    private static final String WITH_PASSWORD = "hostname = \"gw1\"\n\n[edge_ca]\nmethod = \"est\"\n"
            + "url = \"https://est.example/.well-known/est\"\nusername = \"u\"\npassword = \"s3cret-pw\"\n";
    @TempDir
    Path dir;

    @Test
    void a_config_toml_with_a_password_open_to_others_is_an_error_with_its_chmod() throws IOException {
        Path file = write(WITH_PASSWORD, "rw-r--r--");
        List<Finding> findings = ConfigFileCheck.permissionFindings(file, ConfigReader.read(file), null);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("is mode 0644: other users can read its passwords and PINs"),
                findings.get(0).message());
        assertEquals("chmod 600 " + file, findings.get(0).fix());
        assertTrue(!findings.get(0).message().contains("s3cret-pw"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), ConfigFileCheck.permissionFindings(file, ConfigReader.read(file), null));
    }

    @Test
    void a_config_toml_without_secrets_may_be_read_by_others_but_config_admin_may_not() throws IOException {
        Path file = write("hostname = \"gw1\"\n", "rw-r--r--");
        Path configAdmin = Files.createDirectory(dir.resolve("config"));
        Files.setPosixFilePermissions(configAdmin, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Finding> findings = ConfigFileCheck.permissionFindings(file, ConfigReader.read(file), configAdmin);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(configAdmin.toString(), findings.get(0).subject());
        assertEquals("chmod 700 " + configAdmin, findings.get(0).fix());
    }

    private Path write(String toml, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve("config.toml"), toml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
