package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Where config.toml's passwords and PINs may be at rest: only in {@code <home>/secrets}, 0600 files in 0700. */
final class SecretsAtRest {
    private SecretsAtRest() {
    }

    /**
     * @param configurationAdmin the runtime's Config Admin
     * @param home the state directory (Config Admin's files are in {@code <home>/config})
     * @param secrets the texts that must be nowhere but in the secret files
     */
    static void assertOnlyInSecretFiles(ConfigurationAdmin configurationAdmin, Path home, String... secrets)
            throws IOException, InvalidSyntaxException {
        assertOnlyInSecretFiles(configurationAdmin, home, List.of(secrets), List.of(secrets));
    }

    /**
     * As above, for secrets too short to look for in other text (a 4-digit PIN): Config Admin holds no
     * {@code pin-value}, and a secret file holds each.
     *
     * @param distinctive the secrets looked for everywhere
     * @param all every secret that must be in a secret file
     */
    static void assertOnlyInSecretFiles(ConfigurationAdmin configurationAdmin, Path home, List<String> distinctive,
            List<String> all) throws IOException, InvalidSyntaxException {
        List<String> secrets = distinctive;
        Configuration[] configurations = configurationAdmin.listConfigurations(null);
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            for (String key : Collections.list(configuration.getProperties().keys())) {
                Object value = configuration.getProperties().get(key);
                String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
                for (String secret : secrets) {
                    assertFalse(configuration.getPid() + " " + key + " holds a secret", text.contains(secret));
                }
                assertFalse(configuration.getPid() + " " + key + " = " + text, text.contains("pin-value"));
            }
        }
        for (Path file : files(home.resolve("config"))) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertFalse(file + " holds a secret", content.contains(secret));
            }
        }
        Path directory = home.resolve("secrets");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        List<Path> secretFiles = files(directory);
        for (Path file : secretFiles) {
            assertEquals(file.toString(), "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        for (String secret : all) {
            assertTrue("a secret file holds it", secretFiles.stream().anyMatch(file -> {
                try {
                    return Files.readString(file, StandardCharsets.ISO_8859_1).startsWith(secret + "\n");
                } catch (IOException e) {
                    return false;
                }
            }));
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
