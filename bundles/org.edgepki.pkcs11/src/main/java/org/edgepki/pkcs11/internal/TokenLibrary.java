package org.edgepki.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.xipki.pkcs11.wrapper.ModuleInfo;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.SlotInfo;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * One loaded PKCS#11 library and the tokens behind it. It finds the slot a URI means by every
 * RFC 7512 token and slot attribute — {@code slot-id}, {@code token} (the label), {@code serial},
 * {@code manufacturer}, {@code model}, {@code slot-description}, {@code slot-manufacturer} and the
 * {@code library-*} ones — since SunPKCS11 alone could only select by slot or list index.
 */
final class TokenLibrary implements AutoCloseable {
    private final String path;
    private final PKCS11Module module;

    private TokenLibrary(String path, PKCS11Module module) {
        this.path = path;
        this.module = module;
    }

    /** Loads and initialises the library; a missing or unloadable file is an error naming it. */
    static TokenLibrary open(String libraryPath) throws KeyException {
        Path file = Path.of(libraryPath);
        if (!file.isAbsolute() || !Files.isRegularFile(file)) {
            throw new KeyException(libraryPath, "the PKCS#11 library does not exist ([aziot_keys] pkcs11_lib_path)",
                    false, null);
        }
        PKCS11Module module;
        try {
            module = PKCS11Module.getInstance(libraryPath);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new KeyException(libraryPath, "cannot be loaded as a PKCS#11 library: " + e.getMessage(), false, null);
        }
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new KeyException(libraryPath, "C_Initialize failed: " + e.getMessage(), false, null);
            }
        }
        return new TokenLibrary(libraryPath, module);
    }

    /** @return the library's path */
    String path() {
        return path;
    }

    /**
     * @param uri a URI whose path attributes select one token
     * @param shown the URI as it may be shown
     * @return the token; exactly one present token must match
     */
    Token token(Pkcs11Uri uri, String shown) throws KeyException {
        try {
            if (!libraryMatches(uri, module.getInfo())) {
                throw new KeyException(shown, "names a library other than " + path, false, null);
            }
            List<Slot> matches = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (Slot slot : module.getSlotList(true)) {
                TokenInfo info = slot.getToken().getTokenInfo();
                seen.add("slot-id=" + slot.getSlotID() + " token=" + info.getLabel().trim());
                if (slotMatches(uri, slot) && tokenMatches(uri, info)) {
                    matches.add(slot);
                }
            }
            if (matches.isEmpty()) {
                // A removable token may come back: retryable.
                throw new KeyException(shown, "no present token matches (present: "
                        + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")", true, null);
            }
            if (matches.size() > 1) {
                throw new KeyException(shown, "matches " + matches.size() + " tokens; add slot-id= or serial= to"
                        + " choose one", false, null);
            }
            return matches.get(0).getToken();
        } catch (TokenException e) {
            throw new KeyException(shown, "the token list cannot be read: " + e.getMessage(), true, null);
        }
    }

    private static boolean slotMatches(Pkcs11Uri uri, Slot slot) throws TokenException {
        Optional<String> slotId = uri.pathAttribute("slot-id");
        if (slotId.isPresent() && Long.parseUnsignedLong(slotId.get()) != slot.getSlotID()) {
            return false;
        }
        if (uri.pathAttribute("slot-description").isEmpty() && uri.pathAttribute("slot-manufacturer").isEmpty()) {
            return true;
        }
        SlotInfo info = slot.getSlotInfo();
        return same(uri.pathAttribute("slot-description"), info.getSlotDescription())
                && same(uri.pathAttribute("slot-manufacturer"), info.getManufacturerID());
    }

    private static boolean tokenMatches(Pkcs11Uri uri, TokenInfo info) {
        return same(uri.pathAttribute("token"), info.getLabel())
                && same(uri.pathAttribute("serial"), info.getSerialNumber())
                && same(uri.pathAttribute("manufacturer"), info.getManufacturerID())
                && same(uri.pathAttribute("model"), info.getModel());
    }

    private static boolean libraryMatches(Pkcs11Uri uri, ModuleInfo info) {
        return same(uri.pathAttribute("library-manufacturer"), info.getManufacturerID())
                && same(uri.pathAttribute("library-description"), info.getLibraryDescription())
                && uri.pathAttribute("library-version").map(version -> version.equals(info.getLibraryVersion()
                        .toString()) || info.getLibraryVersion().toString().startsWith(version + ".")).orElse(true);
    }

    /** PKCS#11 pads these fields with blanks; RFC 7512 compares the unpadded text. */
    private static boolean same(Optional<String> wanted, String actual) {
        return wanted.isEmpty() || wanted.get().equals(actual == null ? "" : actual.trim());
    }

    @Override
    public void close() {
        try {
            module.finalize(null);
        } catch (PKCS11Exception e) {
            // already finalised or the library is gone: nothing is held any more
        }
    }
}
