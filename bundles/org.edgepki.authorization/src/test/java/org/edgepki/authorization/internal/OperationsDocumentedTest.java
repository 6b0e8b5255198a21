package org.edgepki.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.edgepki.api.access.Operations;
import org.junit.jupiter.api.Test;

/**
 * The operations an operator may grant are listed by hand where operators read them, the Metatype description (the
 * Web Console's and Kura's configuration screens) and the README: each must name every operation there is.
 */
class OperationsDocumentedTest {
    @Test
    void the_metatype_description_and_the_readme_name_every_operation() throws Exception {
        String metatype = Files.readString(Path.of("target/classes/OSGI-INF/metatype/" + AuthorizationConfig.PID + ".xml"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertEquals(List.of(), missing(metatype), "operations missing from AuthorizationConfig's description");
        assertEquals(List.of(), missing(readme), "operations missing from the README's authorization section");
    }

    private static List<String> missing(String text) {
        return Operations.all().stream()
                .filter(operation -> !Pattern.compile("(?<![\\w.])" + Pattern.quote(operation) + "(?!\\w|\\.\\w)")
                        .matcher(text).find())
                .toList();
    }
}
