package org.edgepki.tools.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandLineTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ConfigCommandLine commandLine = new ConfigCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_of_a_good_file_exits_0() throws IOException {
        Path file = Files.writeString(dir.resolve("config.toml"), "hostname = \"gw1\"\n");
        assertEquals(0, commandLine.run("config", "check", file.toString()));
        assertTrue(out().contains(file + ": ok"), out());
    }

    @Test
    void check_of_a_bad_file_lists_errors_and_exits_1() throws IOException {
        Path file = Files.writeString(dir.resolve("config.toml"),
                "[edge_ca.auto_renew]\nrotate_key = true\nthreshold = \"150%\"\nretry = \"4%\"\n");
        assertEquals(1, commandLine.run("config", "check", file.toString()));
        assertTrue(err().contains(file + ":3:1 edge_ca.auto_renew.threshold: \"150%\" must be a percentage 1%–99%"),
                err());
    }

    @Test
    void check_of_a_missing_file_exits_1_naming_it() {
        assertEquals(1, commandLine.run("check", dir.resolve("nope.toml").toString()));
        assertTrue(err().contains("nope.toml does not exist"), err());
    }

    @Test
    void plan_prints_the_configurations_without_secrets() throws IOException {
        Path file = Files.writeString(dir.resolve("config.toml"), "[edge_ca]\nmethod = \"est\"\n"
                + "url = \"https://est.example.org/.well-known/est\"\nusername = \"u\"\npassword = \"s3cret\"\n");
        assertEquals(0, commandLine.run("plan", file.toString()));
        assertTrue(out().contains("credential_id = aziot-edged-ca\n  method = est"), out());
        assertTrue(out().contains("est_password_file = $EDGEPKI_HOME/secrets/org.edgepki.credential_aziot-edged-ca"
                + ".est_password\n"), out());
        assertFalse(out().contains("s3cret"), out());
    }

    @Test
    void import_converts_a_1_1_config_yaml_into_an_accepted_private_config_toml() throws IOException {
        Path yaml = Files.writeString(dir.resolve("config.yaml"), String.join("\n",
                "provisioning:",
                "  source: 'manual'",
                "  device_connection_string: 'HostName=hub.azure-devices.net;DeviceId=gw1;SharedAccessKey=YWJjZA=='",
                "certificates:",
                "  device_ca_cert: '/var/secrets/device-ca.pem'",
                "  device_ca_pk: '/var/secrets/device-ca.key.pem'",
                "  trusted_ca_certs: '/var/secrets/trusted-ca.pem'",
                "hostname: 'gw1'",
                "homedir: '/var/lib/iotedge'",
                ""));
        Path toml = dir.resolve("config.toml");
        assertEquals(0, commandLine.run("config", "import", yaml.toString(), toml.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(toml)));
        ConfigReader.Result imported = ConfigReader.read(toml);
        assertEquals(java.util.List.of(), imported.problems().of(Severity.ERROR));
        assertTrue(Files.readString(toml).contains("cert = \"file:///var/secrets/device-ca.pem\""));
        assertTrue(err().contains("homedir"), "dropped keys are noted: " + err());
        assertEquals(1, commandLine.run("config", "import", yaml.toString(), toml.toString()),
                "an existing file is not replaced without --force");
    }

    @Test
    void import_with_no_files_reads_the_1_1_place_and_writes_the_1_2_place_never_replacing_without_force()
            throws IOException {
        Path yaml = Files.writeString(dir.resolve("iotedge-config.yaml"), String.join("\n",
                "provisioning:",
                "  source: 'manual'",
                "  device_connection_string: 'HostName=hub.azure-devices.net;DeviceId=gw1;SharedAccessKey=YWJjZA=='",
                "hostname: 'gw1'",
                ""));
        Path toml = dir.resolve("aziot").resolve("config.toml");
        Files.createDirectories(toml.getParent());
        ConfigCommandLine defaults = new ConfigCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), yaml, toml);
        assertEquals(0, defaults.run("config", "import"));
        assertTrue(Files.readString(toml).contains("hostname = \"gw1\""), Files.readString(toml));
        assertEquals(1, defaults.run("config", "import"), "an existing config.toml is not replaced");
        assertTrue(err().contains(toml + " exists; add --force to replace it"), err());
        assertEquals(0, defaults.run("config", "import", "--force"));
        assertEquals(1, new ConfigCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), dir.resolve("absent.yaml"), toml)
                        .run("config", "import", "--force"), "a missing config.yaml is named");
        assertTrue(err().contains("absent.yaml: cannot be read"), err());
    }

    @Test
    void wrong_usage_exits_2() {
        assertEquals(2, commandLine.run());
        assertEquals(2, commandLine.run("config", "frobnicate"));
        assertEquals(2, commandLine.run("check"));
    }
}
