package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.Finding;
import org.junit.jupiter.api.Test;

class CheckReportFormatTest {
    private static final CheckReport REPORT = new CheckReport(Instant.parse("2026-12-01T10:00:00Z"), List.of(
            Finding.ok("hostname", "gw1", "valid"),
            Finding.warning("edge-ca-method", "aziot-edged-ca", "quickstart \"in use\"\n", "use a PKI\\EST")));

    @Test
    void json_escapes_quotes_backslashes_and_newlines_and_carries_the_exit_code() {
        String json = CheckReportFormat.json(REPORT);
        assertTrue(json.startsWith("{\"ranAt\":\"2026-12-01T10:00:00Z\",\"result\":\"warning\",\"exitCode\":1,"), json);
        assertTrue(json.contains("\"message\":\"quickstart \\\"in use\\\"\\n\""), json);
        assertTrue(json.contains("\"fix\":\"use a PKI\\\\EST\""), json);
        assertEquals("\"\\u0001\"", CheckReportFormat.quote("\u0001"));
    }

    @Test
    void text_shows_each_finding_with_its_fix_and_a_verdict() {
        String text = CheckReportFormat.text(REPORT);
        assertTrue(text.contains("WARNING  edge-ca-method  aziot-edged-ca: quickstart"), text);
        assertTrue(text.contains("fix: use a PKI\\EST"), text);
        assertTrue(text.endsWith("1 ok, 1 warning(s), 0 error(s): works, but fix the warnings before production\n"), text);
    }

    @Test
    void check_json_without_a_runtime_prints_a_json_error_on_standard_output_too() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = ControlClient.ask(Path.of("/nonexistent/edgepki/control.sock"), List.of("check", "--json"));
        } finally {
            System.setOut(original);
        }
        assertEquals(2, exit);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"result\":\"error\",\"exitCode\":2,\"reason\":\"no runtime answers on"
                + " /nonexistent/edgepki/control.sock"), json);
        assertTrue(json.endsWith(",\"findings\":[]}\n"), json);
    }
}
