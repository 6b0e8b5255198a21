package org.edgepki.pkcs11.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A real SoftHSM2 token for tests: its configuration file is the one SOFTHSM2_CONF names (set by
 * the build), its token directory is under target/, and every test makes tokens with fresh labels.
 * softhsm2-util must be installed (.ci/run and `make test` install the softhsm2 package).
 */
final class SoftHsm {
    static final String LIBRARY = library();
    static final String USER_PIN = "1234";
    static final String SO_PIN = "5678";

    private SoftHsm() {
    }

    private static String library() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                "/usr/local/lib/softhsm/libsofthsm2.so", "/usr/lib64/pkcs11/libsofthsm2.so")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("SoftHSM2 is not installed (apt-get install softhsm2)");
    }

    /** Creates a token with a new unique label and returns the label. */
    static String newToken() throws IOException, InterruptedException {
        configure();
        String label = "t" + UUID.randomUUID().toString().substring(0, 8);
        Process process = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin",
                SO_PIN, "--pin", USER_PIN).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("softhsm2-util failed: " + output);
        }
        return label;
    }

    private static synchronized void configure() throws IOException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven");
        }
        Path file = Path.of(conf);
        Path tokens = file.resolveSibling("tokens");
        Files.createDirectories(tokens);
        if (!Files.exists(file)) {
            Files.writeString(file, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        }
    }
}
