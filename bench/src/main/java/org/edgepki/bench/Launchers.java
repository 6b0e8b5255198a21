package org.edgepki.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the exported launcher jars of runtime-config. */
final class Launchers {
    private Launchers() {
    }

    /** @return runtime-config/target/edgepki-{name}.jar, found from the working directory */
    static Path jar(String name) {
        Path dir = Path.of(System.getProperty("edgepki.runtime.dir", "")).toAbsolutePath();
        for (Path candidate : new Path[] {dir, dir.resolve("runtime-config/target"), dir.resolve("../runtime-config/target")}) {
            Path jar = candidate.resolve("edgepki-" + name + ".jar").normalize();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("edgepki-" + name + ".jar not found; run from the repository root"
                + " after 'make build', or set -Dedgepki.runtime.dir");
    }
}
