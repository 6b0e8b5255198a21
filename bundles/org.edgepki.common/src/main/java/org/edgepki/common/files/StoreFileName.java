package org.edgepki.common.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names of stored keys and certificates, as IoT Edge's key and certificate services make them:
 * the id without non-alphanumeric characters, a dash, and the SHA-256 hex of the id, so two ids
 * never share a file and the name still says what it holds.
 */
public final class StoreFileName {
    /** Longest id accepted, in characters. */
    public static final int MAX_ID_LENGTH = 255;

    private StoreFileName() {
    }

    /**
     * @param id a key or certificate id
     * @param extension for example {@code ".key"}
     * @return for example {@code aziotedgedca-86f1...6d.key}
     * @throws IllegalArgumentException if the id is not a valid id
     */
    public static String of(String id, String extension) {
        requireValidId(id);
        StringBuilder name = new StringBuilder();
        id.codePoints().filter(c -> c < 128 && Character.isLetterOrDigit(c)).forEach(name::appendCodePoint);
        return name.append('-').append(sha256Hex(id)).append(extension).toString();
    }

    /**
     * @param id a candidate id
     * @throws IllegalArgumentException unless it is 1 to 255 printable characters
     */
    public static void requireValidId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("an id must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (id.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an id must not contain control characters");
        }
    }

    private static String sha256Hex(String id) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
