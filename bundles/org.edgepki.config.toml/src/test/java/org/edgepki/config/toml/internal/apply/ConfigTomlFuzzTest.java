package org.edgepki.config.toml.internal.apply;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.Problem;

/**
 * Reading and planning any config.toml: reading never throws (every problem is reported with its key path and
 * line), an accepted file always plans, and no planned property holds a password or PIN. Regression inputs (IoT
 * Edge's own example files among them) in {@code ConfigTomlFuzzTestInputs}.
 */
class ConfigTomlFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void read_and_plan(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ConfigReader.Result read = ConfigReader.read(text, "config.toml");
        for (Problem problem : read.problems().all()) {
            assertFalse(String.valueOf(problem.message()).isBlank(), problem.toString());
        }
        if (read.config().isEmpty()) {
            assertTrue(read.problems().all().stream().anyMatch(problem -> problem.severity() == Problem.Severity.ERROR));
            return;
        }
        List<PlannedConfiguration> plan = ConfigurationPlan.of(read.config().get(), "fuzz-host");
        SecretReferences referenced = SecretReferences.of(plan, (purpose, secret) -> Path.of("/secrets", purpose));
        for (PlannedConfiguration planned : referenced.plan()) {
            planned.values().forEach((key, value) -> {
                assertFalse(SecretReferences.isPassword(key), planned.displayName() + " " + key);
                String shown = value instanceof String[] array ? String.join("\n", array) : String.valueOf(value);
                assertFalse(shown.toLowerCase(Locale.ROOT).contains("pin-value="), key + " = " + shown);
            });
        }
    }
}
