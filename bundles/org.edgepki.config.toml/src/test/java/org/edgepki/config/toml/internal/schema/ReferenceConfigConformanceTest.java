package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every real IoT Edge config.toml in ../shared/reference/iotedge/ when that folder exists (it
 * is not part of the repository): none may be rejected; container sections are reported as not
 * applicable, never as errors.
 */
class ReferenceConfigConformanceTest {
    private static final Path REFERENCE = Path.of(System.getProperty("edgepki.reference",
            "../../../shared/reference/iotedge"));

    @TestFactory
    Stream<DynamicTest> every_reference_config_is_accepted() throws IOException {
        assumeTrue(Files.isDirectory(REFERENCE), "no reference folder at " + REFERENCE.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> listing = Files.list(REFERENCE)) {
            files = listing.filter(file -> file.toString().endsWith(".toml")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "expected the reference configs in " + REFERENCE);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ConfigReader.Result result = ConfigReader.read(file);
            assertEquals(List.of(), result.problems().of(Severity.ERROR));
            assertTrue(result.config().isPresent());
            if (Files.readString(file).contains("\n[agent]")) {
                assertTrue(result.problems().of(Severity.NOTICE).stream()
                        .anyMatch(problem -> problem.message().contains("not applicable") && problem.message().contains("agent")));
            }
        }));
    }
}
