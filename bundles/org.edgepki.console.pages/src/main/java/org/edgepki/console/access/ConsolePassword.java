package org.edgepki.console.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.edgepki.common.files.AtomicFiles;

/**
 * The console login file, {@code <home>/console/login}: one line
 * {@code <user>:pbkdf2-sha256:<iterations>:<salt>:<hash>} (base64), owner-only (0600 in 0700).
 * Only a PBKDF2 hash is kept, never the password.
 *
 * @param user the console user name
 * @param iterations PBKDF2 iterations
 * @param salt the random salt
 * @param hash the derived key
 */
public record ConsolePassword(String user, int iterations, byte[] salt, byte[] hash) {
    public static final String DIRECTORY = "console";
    public static final String FILE = "login";
    static final int MIN_LENGTH = 8;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 210_000;
    /** Fewer is no protection; more makes every login a denial of service. */
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;

    /** @return where the login file of this state directory is */
    public static Path file(Path home) {
        return home.resolve(DIRECTORY).resolve(FILE);
    }

    /**
     * @param user the user name: letters, digits, {@code . _ -}
     * @param password the password; cleared by the caller
     * @throws IllegalArgumentException if the name or the password breaks a rule
     */
    public static ConsolePassword create(String user, char[] password) {
        if (!user.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a console user name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a console password has at least " + MIN_LENGTH + " characters");
        }
        if (Arrays.equals(password, LoginState.DEFAULT_PASSWORD.toCharArray())) {
            throw new IllegalArgumentException("admin is the well-known default password; choose another");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new ConsolePassword(user, ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /**
     * @param file the login file
     * @return its content, or empty if there is no file
     * @throws IOException if it cannot be read, is open to others, or is malformed (naming the file)
     */
    static Optional<ConsolePassword> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (!AtomicFiles.PRIVATE_FILE.containsAll(Files.getPosixFilePermissions(file))) {
            throw new IOException(file + " may be read by other users: chmod 600 " + file);
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(":");
        try {
            if (parts.length != 5 || !parts[1].equals(SCHEME)) {
                throw new IllegalArgumentException("not user:" + SCHEME + ":iterations:salt:hash");
            }
            int iterations = Integer.parseInt(parts[2]);
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("an iteration count from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
            }
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] salt = base64.decode(parts[3]);
            byte[] hash = base64.decode(parts[4]);
            if (salt.length < 16 || hash.length != 32) {
                throw new IllegalArgumentException("a salt of 16 or more bytes and a 32-byte hash");
            }
            return Optional.of(new ConsolePassword(parts[0], iterations, salt, hash));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a console login file (" + e.getMessage()
                    + "): write it again with bin/edgepki console-password");
        }
    }

    /** Writes the file atomically, 0600 in a 0700 directory. */
    public void write(Path file) throws IOException {
        AtomicFiles.ensureDirectory(file.getParent(), AtomicFiles.PRIVATE_DIR);
        Base64.Encoder base64 = Base64.getEncoder();
        String line = user + ":" + SCHEME + ":" + iterations + ":" + base64.encodeToString(salt) + ":"
                + base64.encodeToString(hash) + "\n";
        AtomicFiles.write(file, line.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE_FILE);
    }

    /** @return whether this user name and password match, compared in constant time */
    public boolean matches(String name, char[] password) {
        boolean sameUser = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(hash, derive(password, salt, iterations)) && sameUser;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Never shows the hash or salt. */
    @Override
    public String toString() {
        return "ConsolePassword[" + user + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsolePassword that && user.equals(that.user) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
