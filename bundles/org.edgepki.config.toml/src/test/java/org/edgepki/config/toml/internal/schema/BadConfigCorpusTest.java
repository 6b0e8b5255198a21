package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input corpus (src/test/resources/schema/bad-configs.txt): every malformed or
 * contradictory config is rejected, with an error that names the right key path and rule, and no
 * error ever repeats a secret of the file.
 */
class BadConfigCorpusTest {
    private static final List<String> SECRETS = List.of("pin-value=1234", "YWJjZA==", "pw@", "\"pass\"");

    record Case(String name, String keyPath, String rule, String toml) {
    }

    @TestFactory
    Stream<DynamicTest> every_bad_config_is_rejected_naming_key_and_rule() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 60, "the corpus holds at least 60 cases, not " + cases.size());
        return cases.stream().map(badCase -> DynamicTest.dynamicTest(badCase.name(), () -> {
            ConfigReader.Result result = ConfigReader.read(badCase.toml(), "config.toml");
            List<Problem> errors = result.problems().of(Severity.ERROR);
            String shown = errors.stream().map(Problem::toString).collect(Collectors.joining("\n"));
            assertFalse(result.config().isPresent(), "accepted, but should be rejected: " + badCase.name());
            assertTrue(errors.stream().anyMatch(error -> error.keyPath().equals(badCase.keyPath())
                    && error.message().contains(badCase.rule())),
                    "expected an error at '" + badCase.keyPath() + "' containing '" + badCase.rule() + "', got:\n" + shown);
            for (String secret : SECRETS) {
                assertFalse(shown.contains(secret), "an error shows a secret: " + shown);
            }
            assertTrue(errors.stream().allMatch(error -> error.toString().startsWith("config.toml")),
                    "every error names the file: " + shown);
        }));
    }

    private static List<Case> cases() throws IOException {
        String corpus;
        try (InputStream in = BadConfigCorpusTest.class.getResourceAsStream("/schema/bad-configs.txt")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String[] header = null;
        StringBuilder body = new StringBuilder();
        for (String line : corpus.split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (header != null) {
                    cases.add(newCase(header, body));
                }
                header = line.substring(4).split("\\s*\\|\\s*");
                body.setLength(0);
            } else if (header != null) {
                body.append(line).append('\n');
            }
        }
        cases.add(newCase(header, body));
        return cases;
    }

    private static Case newCase(String[] header, StringBuilder body) {
        return new Case(header[0].trim(), header[1].equals("-") ? "" : header[1], header[2].trim(), body.toString());
    }
}
