package org.edgepki.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DEVICE_REMOVED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_EXPIRED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_CLOSED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_PRESENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.edgepki.api.key.KeyException;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * A read-write session on one token, logged in as the user, used by one caller at a time
 * (PKCS#11 sessions are not thread-safe). It remembers the key objects it found, so signing costs
 * one C_Sign; a stale handle (the key was destroyed by another program) reopens the session and
 * finds the key again. A rejected PIN is remembered and never sent again: real
 * tokens lock after a few wrong tries, so the same PIN fails at once, clearly, until the
 * configuration brings another one.
 */
final class TokenSession implements AutoCloseable {
    private static final Set<Long> PIN_REJECTED = Set.of(CKR_PIN_INCORRECT, CKR_PIN_INVALID, CKR_PIN_LEN_RANGE,
            CKR_PIN_EXPIRED, CKR_PIN_LOCKED);
    private static final Set<Long> SESSION_LOST = Set.of(CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED,
            CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_PRESENT, CKR_USER_NOT_LOGGED_IN, CKR_KEY_HANDLE_INVALID,
            CKR_OBJECT_HANDLE_INVALID);

    private final Token token;
    private final String shown;
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;
    /** Key objects found by selector (label/id), valid while the session is: found once, used often. */
    private final java.util.Map<String, TokenKeys.Objects> keys = new java.util.HashMap<>();
    private byte[] rejectedPinDigest;
    private String rejection;
    /** Closed for good: a request that selected this session before a reconfiguration must not reopen it. */
    private boolean closed;

    /** Gives the PIN when a login is needed; read only then (it may come from a file). */
    interface Pin {
        Optional<char[]> get() throws KeyException;
    }

    /** Work done in a logged-in session. */
    interface Work<T> {
        T run(Session session) throws TokenException, KeyException;
    }

    /**
     * @param token the token
     * @param shown the token's URI as it may be shown
     */
    TokenSession(Token token, String shown) {
        this.token = token;
        this.shown = shown;
    }

    /**
     * Runs work in the session, logging in with the PIN first if needed. A session lost (token
     * removed, handle invalid) is opened again once; a session closed by {@link #close} never is,
     * so the work of one token never runs in two sessions at once (another session could see a key
     * pair half generated).
     *
     * @throws KeyException retryable, once this session is closed
     */
    <T> T call(Pin pin, Work<T> work) throws KeyException {
        lock.lock();
        try {
            if (closed) {
                throw new KeyException(shown, "the PKCS#11 bridge is being reconfigured or stopped; try again", true,
                        null);
            }
            try {
                return work.run(ready(pin));
            } catch (PKCS11Exception e) {
                if (!SESSION_LOST.contains(e.getErrorCode())) {
                    throw e;
                }
                closeSession();
                return work.run(ready(pin));
            }
        } catch (PKCS11Exception e) {
            throw new KeyException(shown, "the token refused: " + e.getMessage(),
                    SESSION_LOST.contains(e.getErrorCode()), null);
        } catch (TokenException e) {
            throw new KeyException(shown, "the token failed: " + e.getMessage(), true, null);
        } finally {
            lock.unlock();
        }
    }

    private Session ready(Pin pin) throws KeyException, TokenException {
        if (session == null) {
            Optional<char[]> value = pin.get();
            session = token.openSession(true);
            if (value.isPresent()) {
                login(value.get());
            }
        }
        return session;
    }

    private void login(char[] pin) throws KeyException, TokenException {
        byte[] digest = digest(pin);
        if (rejectedPinDigest != null && MessageDigest.isEqual(digest, rejectedPinDigest)) {
            closeSession();
            throw new KeyException(shown, rejection + "; not trying this PIN again (tokens lock after a few wrong"
                    + " tries): configure the right one", false, null);
        }
        try {
            session.login(CKU_USER, pin);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN) {
                return; // another session of this process logged in to the token
            }
            closeSession();
            if (PIN_REJECTED.contains(e.getErrorCode())) {
                rejectedPinDigest = digest;
                rejection = e.getErrorCode() == CKR_PIN_LOCKED ? "the token's user PIN is locked"
                        : "the token rejected the PIN (" + e.getMessage() + ")";
                throw new KeyException(shown, rejection + "; it will not be tried again", false, null);
            }
            throw e;
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static byte[] digest(char[] pin) {
        try {
            java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Arrays.fill(encoded.array(), (byte) 0);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            Arrays.fill(bytes, (byte) 0);
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key objects a URI selects, from this session's memory or found on the token; call inside
     * {@link #call} only.
     */
    Optional<TokenKeys.Objects> key(Session current, org.edgepki.common.pkcs11.Pkcs11Uri uri, String shown)
            throws TokenException, KeyException {
        String selector = uri.path().toString();
        TokenKeys.Objects known = keys.get(selector);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<TokenKeys.Objects> found = TokenKeys.find(current, uri, shown);
        found.ifPresent(objects -> keys.put(selector, objects));
        return found;
    }

    /** Forgets every key found: objects were created, destroyed or relabelled; call inside {@link #call} only. */
    void forgetKeys() {
        keys.clear();
    }

    private void closeSession() {
        keys.clear();
        if (session != null) {
            try {
                session.closeSession();
            } catch (TokenException e) {
                // the session is gone either way
            }
            session = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeSession();
        } finally {
            lock.unlock();
        }
    }
}
