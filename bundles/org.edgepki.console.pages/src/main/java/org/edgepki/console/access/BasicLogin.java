package org.edgepki.console.access;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks an HTTP Basic {@code Authorization} header against the console login. PBKDF2 runs once per
 * login: the SHA-256 of headers already verified against the current login is remembered (the last
 * {@value #REMEMBERED}). Thread-safe.
 */
final class BasicLogin {
    static final int REMEMBERED = 16;

    /** What a header is. */
    sealed interface Outcome {
    }

    /** No header, or not Basic: the browser has not asked the user yet. */
    record Missing() implements Outcome {
    }

    /** A header verified before against this login. */
    record Remembered(String user) implements Outcome {
    }

    /** A header to verify: {@link #verify} hashes its password. */
    record Unverified(String user, String fingerprint, char[] credentials, int colon) implements Outcome {
    }

    /** A header that is not {@code user:password} in base64. */
    record Malformed() implements Outcome {
    }

    private final Set<String> verified = new LinkedHashSet<>();
    private LoginState.Login verifiedFor;

    /**
     * @param login the current login
     * @param authorization the header, or null
     * @return what it is; an {@link Unverified} one must be passed to {@link #verify}
     */
    Outcome read(LoginState.Login login, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Missing();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return new Malformed();
        }
        String fingerprint = fingerprint(authorization);
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
        char[] credentials = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        Arrays.fill(decoded, (byte) 0);
        int colon = indexOf(credentials, ':');
        if (colon < 0) {
            Arrays.fill(credentials, '\0');
            return new Malformed();
        }
        String user = new String(credentials, 0, colon);
        synchronized (verified) {
            if (verifiedFor != login) {
                verified.clear();
                verifiedFor = login;
            }
            if (verified.contains(fingerprint)) {
                Arrays.fill(credentials, '\0');
                return new Remembered(user);
            }
        }
        return new Unverified(user, fingerprint, credentials, colon);
    }

    /**
     * Hashes the password (PBKDF2 for a password file) and clears the credentials.
     *
     * @return whether user and password are the login's
     */
    boolean verify(LoginState.Login login, Unverified header) {
        char[] password = Arrays.copyOfRange(header.credentials(), header.colon() + 1, header.credentials().length);
        Arrays.fill(header.credentials(), '\0');
        boolean ok;
        try {
            ok = login instanceof LoginState.Password stored ? stored.password().matches(header.user(), password)
                    : login instanceof LoginState.DevelopmentDefault && header.user().equals(LoginState.DEFAULT_USER)
                            && Arrays.equals(password, LoginState.DEFAULT_PASSWORD.toCharArray());
        } finally {
            Arrays.fill(password, '\0');
        }
        if (ok) {
            synchronized (verified) {
                if (verifiedFor == login) {
                    if (verified.size() >= REMEMBERED) {
                        verified.remove(verified.iterator().next());
                    }
                    verified.add(header.fingerprint());
                }
            }
        }
        return ok;
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String fingerprint(String authorization) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
