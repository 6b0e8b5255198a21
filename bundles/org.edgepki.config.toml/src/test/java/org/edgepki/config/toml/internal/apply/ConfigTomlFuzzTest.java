package org.edgepki.config.toml.internal.apply;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
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
 * Edge's own example files and small files, one section each) in {@code ConfigTomlFuzzTestInputs}; the template,
 * whose 20 KB slowed every execution, is read by {@code ShippedConfigTest}. Inputs over {@value #MAX_LENGTH} bytes
 * are skipped (libFuzzer's max_len, which jazzer-junit does not expose): the parser's paths are all reached by
 * small files, and each execution stays fast.
 */
class ConfigTomlFuzzTest {
    static final int MAX_LENGTH = 4096;

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"[edge_ca]", "[edge_ca.auto_renew]", "[provisioning]",
        "[provisioning.authentication]", "[cert_issuance.est]", "[cert_issuance.est.urls]", "[cert_issuance.local_ca]",
        "[aziot_keys]", "[preloaded_keys]", "[preloaded_certs]", "[agent]", "hostname", "method", "cert", "pk", "url",
        "username", "password", "common_name", "identity_cert", "identity_pk", "bootstrap_identity_cert",
        "rotate_key", "threshold", "retry", "expiry_days", "pkcs11_lib_path", "pkcs11_base_slot", "\"est\"",
        "\"local_ca\"", "\"self_signed\"", "\"manual\"", "\"x509\"", "file:///", "pkcs11:token=",
        "?pin-value=", "?pin-source=", "https://", "= true", "= []", "= {", "\"%\"", "\"d\""})
    void read_and_plan(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            return;
        }
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
