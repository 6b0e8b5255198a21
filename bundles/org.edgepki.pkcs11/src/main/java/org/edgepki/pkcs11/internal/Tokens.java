package org.edgepki.pkcs11.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.xipki.pkcs11.wrapper.Token;

/**
 * The configured library and one session per token, opened on first use. The base slot's PIN is
 * used for a URI without a PIN of its own only when the URI selects the very same token: a PIN is
 * never tried on another token, where it could count towards locking it.
 */
final class Tokens implements AutoCloseable {
    private final String libraryPath;
    private final Optional<Pkcs11Uri> baseSlot;
    private final Map<Long, TokenSession> sessions = new HashMap<>();
    /** Token-selecting part of a URI → its session and PIN, so an operation costs no slot search. */
    private final Map<String, Selected> selected = new HashMap<>();
    /** The same by URI instance: the provider hands in the same parsed URI for the same location. */
    private final Map<Pkcs11Uri, Selected> selectedByUri = new java.util.IdentityHashMap<>();
    private TokenLibrary library;
    private boolean closed;

    /**
     * @param libraryPath the PKCS#11 library, or empty when none is configured
     * @param baseSlot the token new keys go to, with its PIN
     */
    Tokens(String libraryPath, Optional<Pkcs11Uri> baseSlot) {
        this.libraryPath = libraryPath;
        this.baseSlot = baseSlot;
    }

    /** A token's session, with where the PIN to log in with comes from. */
    record Selected(TokenSession session, TokenSession.Pin pin) {
    }

    /** @return the session for the token the URI names, and the PIN for it */
    synchronized Selected select(Pkcs11Uri uri, String shown) throws KeyException {
        Selected same = selectedByUri.get(uri);
        if (same != null && !closed) {
            return same;
        }
        TokenLibrary loaded = library(uri, shown);
        String key = KeyLocations.tokenPart(uri) + "?" + uri.query();
        Selected known = selected.get(key);
        if (known != null) {
            remember(uri, known);
            return known;
        }
        Token token = loaded.token(uri, shown);
        long slotId = token.getSlot().getSlotID();
        TokenSession.Pin pin = () -> PinSource.of(uri, shown);
        if (uri.queryAttribute("pin-value").isEmpty() && uri.queryAttribute("pin-source").isEmpty()
                && baseSlot.isPresent() && !baseSlot.get().query().isEmpty()) {
            String baseShown = KeyLocations.shown(KeyLocations.withoutQuery(baseSlot.get()));
            if (loaded.token(baseSlot.get(), baseShown).getSlot().getSlotID() == slotId) {
                pin = () -> PinSource.of(baseSlot.get(), baseShown);
            }
        }
        TokenSession session = sessions.computeIfAbsent(slotId, id -> new TokenSession(token,
                KeyLocations.tokenPart(uri)));
        Selected result = new Selected(session, pin);
        selected.put(key, result);
        remember(uri, result);
        return result;
    }

    private void remember(Pkcs11Uri uri, Selected result) {
        if (selectedByUri.size() > 1024) {
            selectedByUri.clear();
        }
        selectedByUri.put(uri, result);
    }

    private TokenLibrary library(Pkcs11Uri uri, String shown) throws KeyException {
        if (closed) {
            throw new KeyException(shown, "the PKCS#11 bridge is being reconfigured or stopped; try again", true, null);
        }
        Optional<String> modulePath = uri.queryAttribute("module-path");
        if (libraryPath.isEmpty()) {
            throw new KeyException(shown, "no PKCS#11 library is configured: set [aziot_keys] pkcs11_lib_path", false,
                    null);
        }
        if (modulePath.isPresent() && !modulePath.get().equals(libraryPath)) {
            throw new KeyException(shown, "module-path " + modulePath.get() + " is not the configured PKCS#11 library "
                    + libraryPath, false, null);
        }
        return loadedLibrary();
    }

    /**
     * Loads and initializes the configured library, if it is not yet.
     *
     * @throws KeyException if it does not exist or is not a PKCS#11 library
     */
    synchronized TokenLibrary loadedLibrary() throws KeyException {
        if (library == null) {
            library = TokenLibrary.open(libraryPath);
        }
        return library;
    }

    @Override
    public synchronized void close() {
        closed = true;
        sessions.values().forEach(TokenSession::close);
        sessions.clear();
        selected.clear();
        selectedByUri.clear();
        if (library != null) {
            library.close();
            library = null;
        }
    }
}
