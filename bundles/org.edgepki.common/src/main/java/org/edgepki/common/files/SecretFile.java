package org.edgepki.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file that holds one secret (a PIN, a password) on its first line, as RFC 7512's {@code pin-source}
 * and the references config.toml writes into Config Admin name. Written atomically, 0600 in a 0700
 * directory. Messages name the file and never contain its content.
 */
public final class SecretFile {
    /** A secret file is a line; anything larger is not one. */
    public static final int MAX_BYTES = 4096;

    private SecretFile() {
    }

    /**
     * @param file an absolute path
     * @return the first line (without its line end); the caller clears it when done
     * @throws IOException naming the file and the rule broken: missing, too large, empty, not UTF-8
     */
    public static char[] read(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than 4 KiB; it should hold one line, the secret");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] line = Arrays.copyOf(chars.array(), end);
            Arrays.fill(chars.array(), '\0');
            if (line.length == 0) {
                throw new IOException(file + " is empty; its first line must be the secret");
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Writes the secret and a line end, atomically, 0600 in a 0700 directory.
     *
     * @param file where
     * @param secret the secret (one line)
     */
    public static void write(Path file, String secret) throws IOException {
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a secret is one line");
        }
        AtomicFiles.ensureDirectory(file.getParent(), AtomicFiles.PRIVATE_DIR);
        byte[] content = (secret + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, content, AtomicFiles.PRIVATE_FILE);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}
