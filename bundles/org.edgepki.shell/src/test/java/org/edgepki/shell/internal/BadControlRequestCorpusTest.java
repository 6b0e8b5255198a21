package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad control-socket request corpus: anything but a request it answers gets {@code exit 2}
 * with the requests the socket answers, and runs nothing (no check starts: no EST connection, no token login).
 */
class BadControlRequestCorpusTest {
    private static final List<String> BAD = List.of("", "\n", "   \n", "chec\n", "checkk\n", "CHECK\n", "check --JSON\n",
            "check --json --json\n", "check  --json\n", "check\t--json\n", "check --yaml\n", "check;rm -rf /\n",
            "check && reboot\n", "renew\n", "renew a b\n", "cert\n", "certs --all\n", "import x\n",
            "import x /tmp/a --password /tmp/p\n", "config\n", "config apply --force\n", "config check\n",
            "check%0A\n", "check %2D-json%\n", "cert %00\n", "trust\n", "trust remove\n", "trust install now\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\u0000check\n",
            "check\u0000\n", "c\u0301heck\n", "chéck\n", "x".repeat(256), "--json check\n", "check -json\n",
            "help\n", "{\"request\":\"check\"}\n");

    @TestFactory
    Stream<DynamicTest> every_bad_request_gets_exit_2_and_runs_nothing() {
        assertTrue(BAD.size() >= 20, "the corpus holds at least 20 cases, not " + BAD.size());
        return BAD.stream().map(request -> DynamicTest.dynamicTest("[" + printable(request) + "]", () -> {
            FixedChecks checks = new FixedChecks();
            String reply = new OperatorRequests(checks, () -> null, new CertificateCommands(),
            new TrustCommands(OsTrustStore.of(key -> null), null)).reply(request);
            assertTrue(reply.startsWith("exit 2\nunknown request; " + OperatorRequests.USAGE), reply);
            assertEquals(0, checks.runs(), "a check ran");
        }));
    }

    private static String printable(String request) {
        return request.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0").replace("\t", "\\t");
    }
}
