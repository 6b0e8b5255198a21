package org.edgepki.common.pkcs11;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad PKCS#11 URI corpus ({@code bad-input/pkcs11-uris.txt}): each is refused with the rule it breaks, and
 * neither the error nor the URI as shown repeats its PIN.
 */
class BadPkcs11UriCorpusTest {
    private static final String PIN = "s3cr3t";

    record Case(String name, String uri, String rule) {
    }

    @TestFactory
    Stream<DynamicTest> every_bad_uri_is_refused_naming_the_rule_without_its_pin() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "the corpus holds at least 40 cases, not " + cases.size());
        return cases.stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse(bad.uri()),
                    "accepted: " + bad.uri());
            assertTrue(error.getMessage().contains(bad.rule()), "expected '" + bad.rule() + "', got: " + error.getMessage());
            assertFalse(error.getMessage().contains(PIN), "the error shows the PIN: " + error.getMessage());
            assertFalse(Pkcs11Uri.redact(bad.uri()).contains(PIN), "shown with the PIN: " + Pkcs11Uri.redact(bad.uri()));
        }));
    }

    private static List<Case> cases() throws IOException {
        String corpus;
        try (InputStream in = BadPkcs11UriCorpusTest.class.getResourceAsStream("/bad-input/pkcs11-uris.txt")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : corpus.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(" \\| ", -1);
            cases.add(new Case(fields[0].trim(), unescape(fields[1].trim()), fields[2].trim()));
        }
        return cases;
    }

    /** {@code \\u0001} in the corpus is that character. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i) && i + 6 <= text.length()) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
