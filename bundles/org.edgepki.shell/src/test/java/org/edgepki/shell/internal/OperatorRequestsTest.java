package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.check.Finding;
import org.edgepki.api.config.ConfigFileService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests behind {@code bin/edgepki}: what each answers and how it fails. The certificate commands
 * run against real stores in OperatorCommandsTest; here no certificate service runs.
 */
class OperatorRequestsTest {
    @TempDir
    Path dir;
    private final List<Boolean> applied = new ArrayList<>();

    private OperatorRequests requests(ConfigFileService.Applied outcome) {
        ConfigFileService adapter = dryRun -> {
            applied.add(dryRun);
            return outcome;
        };
        return new OperatorRequests(new FixedChecks(Finding.warning("w", "here", "a warning", "fix it")),
                () -> outcome == null ? null : adapter, new CertificateCommands(),
                new TrustCommands(OsTrustStore.of(key -> null), null));
    }

    @Test
    void config_apply_exits_0_when_accepted_and_1_when_rejected() throws Exception {
        assertEquals("exit 0\nconfig.toml: applied, 2 change(s)\n",
                requests(new ConfigFileService.Applied(true, "config.toml: applied, 2 change(s)")).reply("config apply\n"));
        assertEquals("exit 1\nconfig.toml: rejected\n",
                requests(new ConfigFileService.Applied(false, "config.toml: rejected")).reply("config apply\n"));
        requests(new ConfigFileService.Applied(true, "dry")).reply("config apply --dry-run\n");
        assertEquals(List.of(false, false, true), applied, "a dry run is asked for as one");
    }

    @Test
    void a_command_failing_unexpectedly_is_a_one_line_error_not_a_dropped_connection() throws Exception {
        OperatorRequests failing = new OperatorRequests(new FixedChecks(), () -> dryRun -> {
            throw new IllegalStateException("applying /etc/aziot/config.toml failed: boom");
        }, new CertificateCommands(), new TrustCommands(OsTrustStore.of(key -> null), null));
        assertEquals("error 1\nconfig failed unexpectedly (IllegalStateException); the runtime's log has the details\n",
                failing.reply("config apply\n"));
    }

    @Test
    void config_apply_without_the_adapter_is_a_one_line_error() throws Exception {
        String reply = requests(null).reply("config apply\n");
        assertTrue(reply.startsWith("error 1\nthe config.toml adapter (bundle org.edgepki.config.toml) is not running"),
                reply);
    }

    @Test
    void check_answers_with_the_reports_exit_code() throws Exception {
        assertTrue(requests(null).reply("check\n").startsWith("exit 1\n"));
        assertTrue(requests(null).reply("check --json\n").startsWith("exit 1\n{"));
    }

    @Test
    void certificate_commands_fail_in_one_line_when_their_service_is_not_running() throws Exception {
        assertTrue(requests(null).reply("certs\n").startsWith("error 1\nthe certificate store"));
        assertTrue(requests(null).reply("renew aziot-edged-ca\n").startsWith("error 1\nthe renewal service"));
        assertTrue(requests(null).reply("trust status\n").startsWith("error 1\nthe trust bundle"));
        assertTrue(requests(null).reply("trust install\n").startsWith("error 1\nthe trust bundle"));
        assertTrue(requests(null).reply("cert " + "x".repeat(300) + "\n").startsWith("error 1\n'" + "x".repeat(300)
                + "' is not a certificate id: an id must be at most 255 characters"));
    }

    @Test
    void import_takes_absolute_paths_with_spaces_and_refuses_relative_ones() throws Exception {
        assertEquals("error 1\n'relative.pem' is not an absolute path\n",
                requests(null).reply("import my-cert relative.pem\n"));
        Path spaced = Files.writeString(dir.resolve("a file.pem"), "x");
        String reply = requests(null).reply("import my-cert " + java.net.URLEncoder.encode(spaced.toString(),
                StandardCharsets.UTF_8) + "\n");
        assertTrue(reply.startsWith("error 1\nthe certificate store"), "the path reached the command: " + reply);
    }

    @Test
    void a_password_file_gives_its_first_line_and_is_bounded() throws Exception {
        assertArrayEquals("s3cret pass".toCharArray(), OperatorRequests.password(
                Files.writeString(dir.resolve("p"), "s3cret pass\nsecond line\n")));
        assertArrayEquals(new char[0], OperatorRequests.password(Files.writeString(dir.resolve("empty"), "")));
        CommandFailure big = assertThrows(CommandFailure.class, () -> OperatorRequests.password(
                Files.writeString(dir.resolve("big"), "x".repeat(OperatorRequests.MAX_PASSWORD_FILE + 1))));
        assertTrue(big.getMessage().endsWith("a password file holds at most 4096 bytes"), big.getMessage());
        CommandFailure notUtf8 = assertThrows(CommandFailure.class, () -> OperatorRequests.password(
                Files.write(dir.resolve("latin1"), new byte[] {'p', (byte) 0xE9, 'w'})));
        assertTrue(notUtf8.getMessage().endsWith("the password file is not UTF-8 text"), notUtf8.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("p"));
        assertThrows(CommandFailure.class, () -> OperatorRequests.password(link), "a symbolic link is not followed");
        assertThrows(CommandFailure.class, () -> OperatorRequests.password(dir), "a directory is no password file");
    }

    @Test
    void the_client_sends_known_requests_only_with_absolute_paths() {
        assertEquals(List.of("import", "id", Path.of("a b.pem").toAbsolutePath().toString(), "--password-file",
                Path.of("pw").toAbsolutePath().toString()),
                ControlClient.request(new String[] {"import", "id", "a b.pem", "--password-file", "pw"}));
        assertEquals(List.of("config", "apply", "--dry-run"),
                ControlClient.request(new String[] {"config", "apply", "--dry-run"}));
        for (String[] bad : List.of(new String[0], new String[] {"config", "check"}, new String[] {"renew"},
                new String[] {"cert", "a\nb"}, new String[] {"cert", ""}, new String[] {"import", "id", "f", "--password", "p"})) {
            assertNull(ControlClient.request(bad), String.join(" ", bad));
        }
    }
}
