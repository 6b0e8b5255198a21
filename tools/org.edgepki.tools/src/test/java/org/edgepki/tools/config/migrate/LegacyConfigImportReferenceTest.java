package org.edgepki.tools.config.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Converts the real 1.1 config.yaml in ../shared/reference/iotedge/ when that folder exists (it is
 * not part of the repository) and compares the result with what Azure's {@code iotedge config import}
 * wrote for it, value by value, allowing only the documented differences.
 */
class LegacyConfigImportReferenceTest {
    private static final Path REFERENCE = Path.of(System.getProperty("edgepki.reference",
            "../../../shared/reference/iotedge"));

    @Test
    void the_real_ca_certs_example_converts_like_iotedge_config_import() throws Exception {
        Path yaml = REFERENCE.resolve("example-ca-certs-1.1-config.yaml");
        Path expectedToml = REFERENCE.resolve("example-ca-certs.toml");
        assumeTrue(Files.isReadable(yaml) && Files.isReadable(expectedToml),
                "no reference files in " + REFERENCE.toAbsolutePath());

        LegacyConfigImport.Result result = LegacyConfigImport.convert(Files.readString(yaml), "config.yaml");
        Map<String, Object> actual = leaves(Toml.parse(result.toml()));
        Map<String, Object> expected = leaves(Toml.parse(Files.readString(expectedToml)));

        // 1.2+ defaults that iotedge config import spells out and this import leaves to the default.
        expected.remove("prefer_module_identity_cache");
        expected.remove("watchdog.max_retries");
        expected.remove("moby_runtime.network");
        // The connection string is kept whole instead of split into hub, device and inline key.
        assertEquals("sas", expected.remove("provisioning.authentication.method"));
        assertEquals("HostName=" + expected.remove("provisioning.iothub_hostname")
                        + ";DeviceId=" + expected.remove("provisioning.device_id")
                        + ";SharedAccessKey=" + expected.remove("provisioning.authentication.device_id_pk.value"),
                actual.remove("provisioning.connection_string"));
        assertEquals(expected, actual);
        assertFalse(result.notes().isEmpty());
    }

    private static Map<String, Object> leaves(TomlParseResult toml) {
        assertFalse(toml.hasErrors(), () -> toml.errors().toString());
        Map<String, Object> leaves = new TreeMap<>();
        toml.dottedEntrySet().forEach(entry -> {
            if (!(entry.getValue() instanceof TomlTable)) {
                leaves.put(entry.getKey(), entry.getValue());
            }
        });
        return leaves;
    }
}
