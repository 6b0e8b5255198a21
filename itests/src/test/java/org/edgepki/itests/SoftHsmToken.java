package org.edgepki.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real SoftHSM2 token per test class, made with softhsm2-util under target/softhsm (the file
 * SOFTHSM2_CONF names, set by the build), and looked at with OpenSC's pkcs11-tool.
 */
final class SoftHsmToken {
    static final String PIN = "1234";
    static final String LIBRARY = library();

    final String label;

    private SoftHsmToken(String label) {
        this.label = label;
    }

    /** Initialises a new token with a unique label. */
    static SoftHsmToken create() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the itests through Maven");
        }
        try {
            Path file = Path.of(conf);
            Path tokens = Files.createDirectories(file.resolveSibling("tokens"));
            if (!Files.exists(file)) {
                Files.writeString(file, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String label = "it" + UUID.randomUUID().toString().substring(0, 8);
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "5678", "--pin", PIN);
        return new SoftHsmToken(label);
    }

    /** @return pkcs11-tool's listing of a token's objects, logged in */
    static String objectsOf(String label) {
        return pkcs11Tool("--token-label", label, "--login", "--pin", PIN, "--list-objects");
    }

    /** Generates an EC P-256 key as an operator would; returns its public key as DER. */
    static byte[] generateEcKey(String label, String keyLabel, Path workDir) {
        pkcs11Tool("--token-label", label, "--login", "--pin", PIN, "--keypairgen", "--key-type", "EC:prime256v1",
                "--label", keyLabel, "--id", "0102");
        Path publicKey = workDir.resolve(keyLabel + ".pub.der");
        pkcs11Tool("--token-label", label, "--read-object", "--type", "pubkey", "--label", keyLabel, "-o",
                publicKey.toString());
        try {
            return Files.readAllBytes(publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pkcs11Tool(String... arguments) {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", LIBRARY));
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
}
