package org.edgepki.config.toml.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.edgepki.common.files.AtomicFiles;
import org.edgepki.common.files.SecretFile;

/**
 * {@code <home>/secrets} (0700): the files that hold config.toml's passwords and PINs, 0600 each, which
 * Config Admin names instead of holding the secrets ({@code SecretReferences}). A file's name is what it
 * is for and an HMAC of its content under a random key kept here ({@value #KEY}): the same secret keeps
 * its file, a changed one gets a new file and so a changed configuration, and the name tells nothing
 * about a short PIN. Only config.toml's bundle writes here; files no configuration names any more are
 * removed after each apply.
 */
final class SecretDirectory {
    static final String NAME = "secrets";
    static final String KEY = ".names.key";
    private static final Logger LOG = System.getLogger(SecretDirectory.class.getName());
    private final Path directory;
    private byte[] key;

    SecretDirectory(Path home) {
        this.directory = home.resolve(NAME);
    }

    /**
     * @param purpose what the secret is for ({@code <pid>.<property>})
     * @param secret the secret
     * @return its file
     */
    synchronized Path file(String purpose, String secret) {
        String name = purpose.replaceAll("[^A-Za-z0-9._-]", "_");
        name = name.length() > 120 ? name.substring(0, 120) : name;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((purpose + "\0" + secret).getBytes(StandardCharsets.UTF_8));
            return directory.resolve(name + "-" + HexFormat.of().formatHex(digest, 0, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Writes each file that is missing or holds something else. */
    void write(Map<Path, String> files) throws IOException {
        for (Map.Entry<Path, String> file : files.entrySet()) {
            if (!holds(file.getKey(), file.getValue())) {
                SecretFile.write(file.getKey(), file.getValue());
            }
        }
    }

    /** Removes every secret file but these (and the naming key); one that cannot be removed is logged. */
    void removeAllBut(Collection<Path> kept) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (!kept.contains(file) && !file.getFileName().toString().startsWith(".")) {
                    AtomicFiles.delete(file);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "A secret file no configuration names any more was not removed from {0}: {1}",
                    directory, e.getMessage());
        }
    }

    private static boolean holds(Path file, String secret) {
        try {
            char[] content = SecretFile.read(file);
            try {
                return Arrays.equals(content, secret.toCharArray());
            } finally {
                Arrays.fill(content, '\0');
            }
        } catch (IOException e) {
            return false;
        }
    }

    private byte[] key() {
        if (key != null) {
            return key;
        }
        Path file = directory.resolve(KEY);
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 32) {
                key = Files.readAllBytes(file);
            } else {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                AtomicFiles.ensureDirectory(directory, AtomicFiles.PRIVATE_DIR);
                AtomicFiles.write(file, fresh, AtomicFiles.PRIVATE_FILE);
                key = fresh;
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the naming key of " + directory + ": " + e.getMessage(), e);
        }
    }
}
