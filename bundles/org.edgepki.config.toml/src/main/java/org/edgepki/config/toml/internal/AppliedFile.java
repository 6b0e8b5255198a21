package org.edgepki.config.toml.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.edgepki.common.files.AtomicFiles;

/**
 * {@code <home>/secrets/.applied} (0600): which config.toml content was last applied in full, kept as an HMAC
 * under the secret directory's key, so it tells nothing about a short PIN in the file.
 *
 * <p>At start, a file whose content was applied before needs no wait: Config Admin already holds what it says,
 * so the bundles that start after the adapter find their configuration, and the file is applied again in the
 * background only to check that (as when it changes while running). A file that changed while the runtime was
 * down, or that was never applied, is applied before the other bundles start. Only the start's speed depends
 * on this record: one that is lost or wrong makes a start wait, never skips an apply.
 */
final class AppliedFile {
    static final String NAME = ".applied";
    private static final Logger LOG = System.getLogger(AppliedFile.class.getName());

    private final SecretDirectory secrets;
    private final Path file;

    AppliedFile(SecretDirectory secrets) {
        this.secrets = secrets;
        this.file = secrets.directory().resolve(NAME);
    }

    /** @return whether {@code content} is what was last applied in full */
    boolean matches(byte[] content) {
        try {
            return MessageDigest.isEqual(Files.readAllBytes(file), secrets.mac(content));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0} cannot be read ({1}); config.toml is applied before the bundles start", file,
                    e.getMessage());
            return false;
        }
    }

    /** Records that {@code content} was applied in full (or found to be in force already). */
    void record(byte[] content) {
        try {
            byte[] mac = secrets.mac(content);
            if (matches(content)) {
                return;
            }
            AtomicFiles.ensureDirectory(file.getParent(), AtomicFiles.PRIVATE_DIR);
            AtomicFiles.write(file, mac, AtomicFiles.PRIVATE_FILE);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0} cannot be written ({1}); the next start applies config.toml before the"
                    + " bundles start", file, e.getMessage());
        }
    }

    /** Forgets the record: the next start applies the file before the bundles start. */
    void forget() {
        try {
            AtomicFiles.delete(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0} cannot be removed: {1}", file, e.getMessage());
        }
    }
}
