package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgepki.api.CredentialIds;
import org.junit.Test;

/**
 * The exported launcher as an installed gateway runs it: a real process that creates the
 * quickstart Edge CA and the edgeHub certificate, refuses to serve the Web Console with the
 * default login until {@code edgepki console-password} sets one, answers {@code edgepki check} and
 * the operator's commands ({@code certs}, {@code cert}, {@code renew}, {@code import},
 * {@code config apply}) with no terminal, stops cleanly on SIGTERM and starts again from the same state.
 */
public class LauncherRunTest {
    private static final String EDGE_CA_FILE =
            "certd/certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer";
    private static final String PASSWORD = "launcher-test-password";

    @Test
    public void the_runtime_starts_issues_guards_its_console_answers_check_stops_on_sigterm_and_restarts()
            throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("launcher");
        int port = LaunchedRuntime.freePort();

        byte[] edgeCa;
        try (LaunchedRuntime first = LaunchedRuntime.start(home, port, false)) {
            first.awaitOutput("edgeHub server certificate for ");
            assertTrue(first.output(), first.outputContains("Issued aziot-edged-ca (self_signed)"));
            assertTrue(first.output(), first.outputContains(home.resolve(EDGE_CA_FILE).toString()));
            assertTrue(first.output(), first.outputContains("/system/console is OFF: it would accept the default login"));

            try (LaunchedRuntime twin = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), false)) {
                assertEquals("a second runtime on the same home refuses to start: " + twin.output(), 1,
                        twin.awaitExit(Duration.ofSeconds(30)));
                assertEquals("edgepki: another runtime (pid " + first.pid() + ") is using " + home + "; stop it first",
                        twin.output());
            }
            assertTrue("the first runtime keeps running", first.isAlive());

            LaunchedRuntime.ConsoleAnswer refused = first.awaitConsole("/bundles", "admin", "admin");
            assertEquals(refused.body(), 503, refused.status());
            assertTrue("the whole command, as the banner gives it: " + refused.body(), refused.body().contains(
                    "set a password with: EDGEPKI_HOME=" + home + " /") && refused.body().contains(
                            "/runtime-config/bin/edgepki console-password"));

            LaunchedRuntime.CommandResult set = LaunchedRuntime.command(home, PASSWORD + "\n", "console-password", "operator");
            assertEquals(set.output(), 0, set.exitCode());
            Path login = home.resolve("console/login");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(login)));
            assertFalse(Files.readString(login).contains(PASSWORD));
            assertEquals(200, first.awaitConsole("/edgepki-certificates", "operator", PASSWORD).status());
            assertEquals(401, first.get("/bundles", "admin", "admin").status());
            assertEquals(401, first.get("/bundles", "operator", "wrong-password").status());

            LaunchedRuntime.CommandResult check = LaunchedRuntime.command(home, "", "check");
            assertEquals(check.output(), 1, check.exitCode());
            assertTrue(check.output(), check.output().contains("the quickstart Edge CA is in use"));
            assertTrue(check.output(), check.output().contains("OK       console-login"));
            LaunchedRuntime.CommandResult json = LaunchedRuntime.command(home, "", "check", "--json");
            assertEquals(json.output(), 1, json.exitCode());
            assertTrue(json.output(), json.output().startsWith("{\"ranAt\":") && json.output().contains("\"result\":\"warning\""));
            operatorCommandsWithoutATerminal(home);
            edgeCa = Files.readAllBytes(home.resolve(EDGE_CA_FILE));
            first.stop();
        }
        LaunchedRuntime.CommandResult down = LaunchedRuntime.command(home, "", "check");
        assertEquals(down.output(), 2, down.exitCode());
        assertTrue(down.output(), down.output().contains("no runtime answers on " + home.resolve("control/control.sock")));

        Map<Path, Object> frameworkCache = directoriesIn(home.resolve("framework-" + EdgePkiRuntime.framework()));
        assertFalse(frameworkCache.isEmpty());
        try (LaunchedRuntime second = LaunchedRuntime.start(home, port, false)) {
            second.awaitOutput("edgeHub server certificate for ");
            assertEquals("the framework cache is kept, not installed again", frameworkCache,
                    directoriesIn(home.resolve("framework-" + EdgePkiRuntime.framework())).entrySet().stream()
                            .filter(entry -> frameworkCache.containsKey(entry.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertTrue(second.output(), second.outputContains("Using the Edge CA CN=aziot-edge CA"));
            assertFalse("the Edge CA is kept: " + second.output(), second.outputContains("Issued aziot-edged-ca"));
            assertTrue(second.output(), second.outputContains("(kept,"));
            assertTrue(second.output(), second.outputContains("(login set with 'edgepki console-password')"));
            assertArrayEquals(edgeCa, Files.readAllBytes(home.resolve(EDGE_CA_FILE)));
            assertEquals(200, second.awaitConsole("/edgepki-checks", "operator", PASSWORD).status());
            second.stop();
        }
    }

    /**
     * A config.toml saved while the runtime was down is the one in force after the start, and nothing is issued
     * for the hostname it replaced; a start on the file as last applied keeps the certificate and finds the file in
     * force already.
     */
    @Test
    public void a_config_toml_changed_while_the_runtime_was_down_is_in_force_before_the_edge_starts()
            throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("launcher-config");
        Path config = EdgePkiRuntime.configToml(home);
        Files.writeString(config, "hostname = \"first.gateway.test\"\n");
        try (LaunchedRuntime first = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), false)) {
            first.awaitOutput("edgeHub server certificate for first.gateway.test");
            first.stop();
        }

        Files.writeString(config, "hostname = \"second.gateway.test\"\n");
        try (LaunchedRuntime second = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), false)) {
            second.awaitOutput("edgeHub server certificate for second.gateway.test");
            assertFalse("the edge never started on the old hostname: " + second.output(),
                    second.outputContains("edgeHub server certificate for first.gateway.test"));
            second.stop();
        }

        try (LaunchedRuntime third = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), false)) {
            third.awaitOutput("edgeHub server certificate for second.gateway.test (kept");
            third.awaitOutput("the configuration in force already matches it");
            third.stop();
        }
    }

    /** The directories directly in {@code dir}, each with its file key (device and inode): a new one has a new key. */
    private static Map<Path, Object> directoriesIn(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            Map<Path, Object> keys = new HashMap<>();
            for (Path child : children.filter(Files::isDirectory).toList()) {
                keys.put(child, Files.readAttributes(child, BasicFileAttributes.class).fileKey());
            }
            return keys;
        }
    }

    /** EDGEPKI_PROFILE=small starts the JVM with runtime-config/jvm/small.options, and the runtime works within them. */
    @Test
    public void the_small_gateway_profile_runs_the_jvm_with_its_options_and_an_unknown_profile_is_refused()
            throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("launcher-small");
        try (LaunchedRuntime small = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), true,
                Map.of("EDGEPKI_PROFILE", "small", "EDGEPKI_JAVA_OPTS", "-Dedgepki.test.marker=1"))) {
            small.awaitOutput("edgeHub server certificate for ");
            List<String> arguments = List.of(ProcessHandle.of(small.pid()).orElseThrow().info().arguments()
                    .orElseThrow());
            for (String option : List.of("-XX:+UseSerialGC", "-Xmx40m", "-XX:TieredStopAtLevel=1",
                    "-XX:MaxMetaspaceSize=64m", "-Dedgepki.test.marker=1")) {
                assertTrue(option + " in " + arguments, arguments.contains(option));
            }
            assertTrue("the profile's options come before the operator's: " + arguments,
                    arguments.indexOf("-Xmx40m") < arguments.indexOf("-Dedgepki.test.marker=1"));
            assertEquals(200, small.awaitConsole("/edgepki-certificates", "admin", "admin").status());
            small.stop();
        }
        try (LaunchedRuntime unknown = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), true,
                Map.of("EDGEPKI_PROFILE", "tiny"))) {
            assertEquals(unknown.output(), 2, unknown.awaitExit(Duration.ofSeconds(30)));
            assertEquals("edgepki: EDGEPKI_PROFILE=tiny is unknown; use default or small", unknown.output());
        }
    }

    /**
     * Another Unix user is refused by the runtime itself ({@code SO_PEERCRED}), even with the state directory and the
     * socket opened to everyone by mistake. Runs where the test runs as root with setpriv, as CI does.
     */
    private static void refusedToAnotherUser(Path home) throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            System.out.println("LauncherRunTest: not root or no setpriv: the refusal of another user is not run here");
            return;
        }
        Path control = home.resolve("control");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(control);
        List<Path> opened = new ArrayList<>();
        for (Path dir = control; dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(dir);
            if (!modes.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                opened.add(dir);
                modes.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, modes);
            }
        }
        Path socket = control.resolve("control.sock");
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            LaunchedRuntime.CommandResult nobody = LaunchedRuntime.command(home, "", List.of("/usr/bin/setpriv",
                    "--reuid=65534", "--regid=65534", "--clear-groups"), "certs");
            assertEquals(nobody.output(), 2, nobody.exitCode());
            assertEquals("edgepki certs: refused: user nobody may not use this runtime's control socket; run the command"
                    + " as root\n", nobody.output());
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            for (Path dir : opened) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(dir);
                modes.remove(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, modes);
            }
            Files.setPosixFilePermissions(control, before);
        }
    }

    /** What the documentation has operators type, on an installed runtime with no terminal: bin/edgepki over the socket. */
    private static void operatorCommandsWithoutATerminal(Path home) throws Exception {
        String edgeHub = CredentialIds.moduleServer("edgeHub");
        LaunchedRuntime.CommandResult certs = LaunchedRuntime.command(home, "", "certs");
        assertEquals(certs.output(), 0, certs.exitCode());
        assertTrue(certs.output(), certs.output().startsWith("ID ") && certs.output().contains(edgeHub));
        LaunchedRuntime.CommandResult edgeCa = LaunchedRuntime.command(home, "", "cert", "aziot-edged-ca");
        assertEquals(edgeCa.output(), 0, edgeCa.exitCode());
        assertTrue(edgeCa.output(), edgeCa.output().contains("[0] leaf"));
        LaunchedRuntime.CommandResult renewed = LaunchedRuntime.command(home, "", "renew", edgeHub);
        assertEquals(renewed.output(), 0, renewed.exitCode());
        assertTrue(renewed.output(), renewed.output().startsWith("Renewed " + edgeHub + ": serial "));
        LaunchedRuntime.CommandResult missing = LaunchedRuntime.command(home, "", "cert", "no-such-id");
        assertEquals(missing.output(), 1, missing.exitCode());
        assertEquals("edgepki cert: no certificate 'no-such-id'; edgepki:certs lists them\n", missing.output());

        LaunchedRuntime.CommandResult trust = LaunchedRuntime.command(home, "", "trust", "status");
        assertEquals(trust.output(), 0, trust.exitCode());
        assertTrue(trust.output(), trust.output().startsWith("OS trust store: anchors in "));

        Path files = Files.createTempDirectory("launcher import");
        TestPki pki = new TestPki();
        TestPki.Issued issued = pki.goodEdgeCa();
        Path p12 = pki.writePkcs12(files.resolve("credential with spaces.p12"), issued, "p12 secret");
        Path passwordFile = Files.writeString(files.resolve("password"), "p12 secret\n");
        LaunchedRuntime.CommandResult imported = LaunchedRuntime.command(home, "", "import", "imported-id", p12.toString(),
                "--password-file", passwordFile.toString());
        assertEquals(imported.output(), 0, imported.exitCode());
        assertTrue(imported.output(), imported.output().startsWith("Imported imported-id from " + p12
                + ": 2 certificate(s), edgepki test Edge CA") && imported.output().contains("with its key"));
        assertFalse(imported.output(), imported.output().contains("p12 secret"));

        Path configToml = EdgePkiRuntime.configToml(home);
        Files.writeString(configToml, "hostname = \"launcher.local\"\n[edge_ca.auto_renew]\nthreshold = \"150%\"\n");
        LaunchedRuntime.CommandResult rejected = LaunchedRuntime.command(home, "", "config", "apply");
        assertEquals(rejected.output(), 1, rejected.exitCode());
        assertTrue(rejected.output(), rejected.output().startsWith(configToml + ": rejected, the configuration in force is"
                + " unchanged") && rejected.output().contains("edge_ca.auto_renew.threshold"));
        Files.delete(configToml);
        refusedToAnotherUser(home);
        LaunchedRuntime.CommandResult unknown = LaunchedRuntime.command(home, "", "renew");
        assertEquals(unknown.output(), 2, unknown.exitCode());
        assertTrue(unknown.output(), unknown.output().startsWith("usage: edgepki check [--json] | config apply"));
    }
}
