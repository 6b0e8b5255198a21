package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The product documentation's rules (src/test/resources/schema/conformance-configs.txt): for each, a config that
 * is accepted, one that draws its warning and one that is rejected with its error, each at its key path.
 */
class ConformanceCorpusTest {

    record Case(String rule, String name, String outcome, String keyPath, String text, String toml) {
    }

    @TestFactory
    Stream<DynamicTest> each_rule_accepts_warns_and_rejects_at_its_key_path() throws IOException {
        return cases().stream().map(conformance -> DynamicTest.dynamicTest(conformance.rule() + ": "
                + conformance.name(), () -> {
                    ConfigReader.Result result = ConfigReader.read(conformance.toml(), "config.toml");
                    String shown = result.problems().all().stream().map(Problem::toString)
                            .collect(Collectors.joining("\n"));
                    switch (conformance.outcome()) {
                        case "accepted" -> {
                            assertTrue(result.config().isPresent(), shown);
                            assertTrue(result.problems().of(Severity.WARNING).isEmpty(), shown);
                        }
                        case "warning" -> {
                            assertTrue(result.config().isPresent(), shown);
                            assertTrue(has(result.problems().of(Severity.WARNING), conformance), "expected a warning"
                                    + " at '" + conformance.keyPath() + "' containing '" + conformance.text()
                                    + "', got:\n" + shown);
                        }
                        case "error" -> {
                            assertFalse(result.config().isPresent(), shown);
                            assertTrue(has(result.problems().of(Severity.ERROR), conformance), "expected an error at '"
                                    + conformance.keyPath() + "' containing '" + conformance.text() + "', got:\n"
                                    + shown);
                        }
                        default -> throw new AssertionError("unknown outcome " + conformance.outcome());
                    }
                }));
    }

    @Test
    void every_rule_has_an_accepted_a_warned_or_rejected_and_a_rejected_case() throws IOException {
        Map<String, Set<String>> outcomes = new TreeMap<>();
        for (Case conformance : cases()) {
            outcomes.computeIfAbsent(conformance.rule(), rule -> new TreeSet<>()).add(conformance.outcome());
        }
        outcomes.forEach((rule, seen) -> assertTrue(seen.contains("accepted")
                && (seen.contains("warning") || seen.contains("error")), rule + ": " + seen));
    }

    private static boolean has(List<Problem> problems, Case conformance) {
        return problems.stream().anyMatch(problem -> problem.keyPath().equals(conformance.keyPath())
                && problem.message().contains(conformance.text()));
    }

    private static List<Case> cases() throws IOException {
        String corpus;
        try (InputStream in = ConformanceCorpusTest.class.getResourceAsStream("/schema/conformance-configs.txt")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String block : corpus.split("\n### ")) {
            if (block.startsWith("#")) {
                continue;
            }
            int end = block.indexOf('\n');
            String[] header = block.substring(0, end).split("\\s*\\|\\s*");
            String[] name = header[0].split(":\\s*", 2);
            cases.add(new Case(name[0], name[1], header[1], header[2].equals("-") ? "" : header[2], header[3],
                    block.substring(end + 1)));
        }
        return cases;
    }
}
