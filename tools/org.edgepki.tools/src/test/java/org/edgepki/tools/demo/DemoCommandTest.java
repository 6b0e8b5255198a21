package org.edgepki.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The argument list, what is printed, and that every mistake is one line. */
class DemoCommandTest {
    @TempDir
    Path directory;

    private String run(String... arguments) {
        return new DemoCommand(directory).run(List.of(arguments));
    }

    @Test
    void output_lists_each_written_file_with_subject_and_not_after() {
        String output = run("all", "gw1", "--key", "rsa-2048");
        Path certs = directory.toAbsolutePath().resolve("certs");
        assertTrue(output.contains("wrote " + certs.resolve("iot-edge-device-ca-gw1-full-chain.cert.pem") + "\n"),
                output);
        assertTrue(output.contains("Edge CA certificate, subject CN=gw1.ca, notAfter 20"), output);
        assertTrue(output.contains("wrote " + directory.toAbsolutePath()
                .resolve("private/iot-edge-device-identity-gw1.key.pem")), output);
        assertTrue(output.contains("RSA 2048 private key"), output);
        assertEquals(11, output.lines().filter(line -> line.startsWith("wrote ")).count(), output);
        assertTrue(output.contains("never for production"), output);
    }

    @Test
    void steps_run_one_by_one_in_a_relative_dir_under_the_default_directory() {
        run("root", "--dir", "demo");
        run("intermediate", "--dir=demo");
        String output = run("edge-ca", "gw1", "--dir", "demo", "--hostname", "gw1.local", "--days", "7");
        assertTrue(output.contains(directory.toAbsolutePath().resolve("demo/certs/iot-edge-device-ca-gw1.cert.pem")
                .toString()), output);
        assertTrue(Files.isRegularFile(directory.resolve("demo/private/iot-edge-device-ca-gw1.key.pem")));
    }

    @Test
    void verification_signed_by_the_intermediate_is_written_under_its_code() {
        run("all", "gw1");
        String output = run("verification", "ABC123", "--signer", "intermediate");
        assertTrue(output.contains("verification-code-ABC123.cert.pem"), output);
        assertTrue(output.contains("subject CN=ABC123"), output);
    }

    @Test
    void help_returns_the_usage_text_naming_every_step_and_the_default_directory() {
        String usage = run("help");
        for (String step : List.of("root", "intermediate", "edge-ca <name>", "device <device-id>",
                "verification <code>", "all <name>", "--force", "--keep-name", "--hostname", "--signer")) {
            assertTrue(usage.contains(step), step);
        }
        assertTrue(usage.contains(directory.toAbsolutePath().normalize().toString()), usage);
        assertEquals(usage, run("edge-ca", "--help"));
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of(), "missing step"),
                Arguments.of(List.of("rooot"), "unknown step 'rooot'"),
                Arguments.of(List.of("edge-ca"), "edge-ca needs a name"),
                Arguments.of(List.of("verification"), "verification needs a verification code"),
                Arguments.of(List.of("root", "extra"), "unexpected argument 'extra' after root"),
                Arguments.of(List.of("edge-ca", "../gw1"), "name '../gw1' may contain only letters"),
                Arguments.of(List.of("device", "x".repeat(65)), "longer than 64 characters"),
                Arguments.of(List.of("root", "--key", "dsa"), "--key: unknown key type 'dsa'; use one of ec-p256, "
                        + "rsa-2048"),
                Arguments.of(List.of("root", "--key"), "--key needs a value"),
                Arguments.of(List.of("root", "--days", "ten"), "--days: 'ten' is not a whole number of days"),
                Arguments.of(List.of("root", "--days", "0"), "--days: validity must be 1 to 3650 days, not 0"),
                Arguments.of(List.of("root", "--dir="), "--dir needs a value"),
                Arguments.of(List.of("root", "--force=yes"), "--force takes no value"),
                Arguments.of(List.of("root", "--force", "--force"), "--force is given twice"),
                Arguments.of(List.of("root", "--verbose"), "unknown option --verbose"),
                Arguments.of(List.of("root", "--signer", "root"), "--signer applies only to verification"),
                Arguments.of(List.of("device", "d1", "--keep-name"), "--keep-name applies only to edge-ca and all"),
                Arguments.of(List.of("verification", "c1", "--signer", "edge"), "unknown signer 'edge'"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void bad_arguments_give_a_one_line_usage_error(List<String> arguments, String expected) {
        DemoUsageException error = assertThrows(DemoUsageException.class,
                () -> new DemoCommand(directory).run(arguments));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertFalse(Files.exists(directory.resolve("certs")));
    }

    @Test
    void a_step_that_cannot_be_done_is_a_one_line_error_naming_the_file_but_not_a_usage_error() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> run("edge-ca", "gw1"));
        assertFalse(error instanceof DemoUsageException);
        assertEquals("no root CA certificate at " + directory.toAbsolutePath()
                .resolve("certs/azure-iot-test-only.root.ca.cert.pem") + "; run the 'root' step first",
                error.getMessage());
    }

    @Test
    void refusing_to_overwrite_a_key_is_a_one_line_error() {
        run("root");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> run("root"));
        assertFalse(error instanceof DemoUsageException);
        assertTrue(error.getMessage().endsWith("azure-iot-test-only.root.ca.key.pem already exists;"
                + " use --force to replace it"), error.getMessage());
        assertTrue(run("root", "--force").contains("root CA certificate"));
    }
}
