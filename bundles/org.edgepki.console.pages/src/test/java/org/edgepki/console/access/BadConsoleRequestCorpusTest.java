package org.edgepki.console.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad console request corpus ({@code bad-input/console-requests.txt}): every one is answered by the gate with
 * the status and reason its line names, so none reaches Web Console's pages (nothing changes). Each runs against a
 * fresh gate, so no case is a lockout of another.
 */
class BadConsoleRequestCorpusTest {
    private static final String PASSWORD = "correct horse battery";

    record Case(String name, String method, String host, String origin, String referer, String authorization, int status,
            String says) {
    }

    @TestFactory
    Stream<DynamicTest> every_bad_request_is_answered_by_the_gate() throws IOException {
        Path home = Files.createTempDirectory("edgepki-console-corpus-");
        ConsolePassword.create("operator", PASSWORD.toCharArray()).write(ConsolePassword.file(home));
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "the corpus holds at least 40 cases, not " + cases.size());
        return cases.stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            ConsoleGate gate = new ConsoleGate(new LoginState(home, false), new ConsoleHosts(Set.of("gw-7"),
                    "console.example", Set.of(8080)), new LoginThrottle(System::currentTimeMillis));
            ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class, gate.admit(new ConsoleRequest(
                    bad.method(), false, bad.host(), bad.origin(), bad.referer(), "10.0.0.9", "127.0.0.1",
                    bad.authorization())), bad.name());
            assertEquals(bad.status(), refused.status(), refused.message());
            assertTrue(refused.message().contains(bad.says()), "expected '" + bad.says() + "', got: " + refused.message());
            assertFalse(refused.message().contains(PASSWORD));
        }));
    }

    private static List<Case> cases() throws IOException {
        String corpus;
        try (InputStream in = BadConsoleRequestCorpusTest.class.getResourceAsStream("/bad-input/console-requests.txt")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : corpus.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" \\| ", -1);
            cases.add(new Case(f[0].trim(), f[1].trim(), header(f[2]), header(f[3]), header(f[4]), authorization(f[5].trim()),
                    Integer.parseInt(f[6].trim()), f[7].trim()));
        }
        return cases;
    }

    private static String header(String field) {
        String value = field.trim();
        return value.equals("-") ? null : value;
    }

    private static String authorization(String kind) {
        return switch (kind) {
            case "good" -> basic("operator:" + PASSWORD);
            case "none" -> null;
            case "wrong" -> basic("operator:guess");
            default -> kind;
        };
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
