package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.Test;

/** The configuration files the runtime ships: `make run`'s config.toml and the template. */
class ShippedConfigTest {
    private static final Path RUNTIME_CONFIG = Path.of("../../runtime-config");

    @Test
    void make_run_config_is_a_quickstart_accepted_without_warnings() {
        ConfigReader.Result result = ConfigReader.read(RUNTIME_CONFIG.resolve("config.toml"));
        assertEquals(List.of(), result.problems().of(Severity.ERROR));
        assertEquals(List.of(), result.problems().of(Severity.WARNING));
        assertInstanceOf(EdgeCa.Quickstart.class, result.config().orElseThrow().edgeCa());
    }

    @Test
    void the_template_as_shipped_is_accepted() {
        ConfigReader.Result result = ConfigReader.read(RUNTIME_CONFIG.resolve("config.template.toml"));
        assertEquals(List.of(), result.problems().all());
    }
}
