package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.edgepki.api.check.Finding;

/**
 * The control socket's request line, anything a local client sends: the answer always starts with
 * {@code exit|error 0|1|2} and nothing is thrown. The checks are a fixed report with text that needs escaping in JSON.
 * Regression inputs in {@code ControlRequestFuzzTestInputs}.
 */
class ControlRequestFuzzTest {
    private static final FixedChecks CHECKS = new FixedChecks(Finding.warning("fuzz", "\"quoted\" \\ \u0001",
            "line\nbreak", "fix </script>"));
    /** No certificate service runs here: a command reaching it fails with one line, never an exception. */
    private static final OperatorRequests REQUESTS = new OperatorRequests(CHECKS, () -> null, new CertificateCommands(),
            new TrustCommands(OsTrustStore.of(key -> null), null));

    @FuzzTest(maxDuration = "10m")
    void reply(byte[] request) throws InterruptedException {
        String reply = REQUESTS.reply(new String(request, StandardCharsets.UTF_8));
        assertTrue(reply.matches("(?s)(exit|error) [012]\n.*"), reply);
    }
}
