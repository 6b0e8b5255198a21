package org.edgepki.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses and where messages go. */
class DemoCommandLineTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... arguments) {
        return DemoCommandLine.run(new DemoCommand(directory), List.of(arguments),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void success_prints_the_files_and_exits_0() {
        assertEquals(0, run("root"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("azure-iot-test-only.root.ca.cert.pem"));
        assertEquals("", err());
    }

    @Test
    void a_failed_step_exits_1_with_the_prefixed_message_on_stderr() {
        assertEquals(0, run("root"));
        out.reset();
        assertEquals(1, run("root"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err().startsWith("edgepki demo: "), err());
        assertTrue(err().contains("already exists; use --force to replace it"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void a_usage_error_exits_2_and_points_to_help() {
        assertEquals(2, run("edge-ca"));
        assertEquals("edgepki demo: edge-ca needs a name\nedgepki demo: 'edgepki demo help' shows the usage\n",
                err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void help_exits_0_with_the_usage_on_stdout() {
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: edgepki demo <step>"));
    }
}
