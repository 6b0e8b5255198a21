package org.edgepki.pkcs11.internal;

import java.util.List;
import java.util.Optional;
import org.edgepki.api.check.Finding;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * Check {@value #ID}: with a PKCS#11 library configured, it loads (a path that does not exist, or a
 * file that is no PKCS#11 library, is an error), and the base slot's token is present and its PIN
 * logs in (through the bridge's own session, so nothing else is opened). Without a library, there is
 * nothing to check.
 */
final class TokenCheck {
    static final String ID = "pkcs11-token";

    private TokenCheck() {
    }

    static List<Finding> run(Tokens tokens, String libraryPath, Optional<Pkcs11Uri> baseSlot) {
        if (libraryPath.isEmpty()) {
            return List.of();
        }
        if (baseSlot.isEmpty()) {
            try {
                tokens.loadedLibrary();
            } catch (KeyException e) {
                return List.of(Finding.error(ID, libraryPath, e.getMessage(), "set [aziot_keys] pkcs11_lib_path in"
                        + " config.toml to the token vendor's PKCS#11 library (an absolute path to a .so)"));
            }
            return List.of(Finding.ok(ID, libraryPath, "the PKCS#11 library is loaded; no base slot, so keys are"
                    + " only used where config.toml names them"));
        }
        Pkcs11Uri slot = baseSlot.get();
        String shown = KeyLocations.shown(KeyLocations.withoutQuery(slot));
        try {
            Tokens.Selected token = tokens.select(slot, shown);
            token.session().call(token.pin(), session -> session.getSessionInfo());
            return List.of(Finding.ok(ID, shown, "the token is present and logged in"));
        } catch (KeyException e) {
            return List.of(Finding.error(ID, shown, e.getMessage(), "check [aziot_keys] pkcs11_lib_path and"
                    + " pkcs11_base_slot in config.toml: the token must be present and the PIN right (a token"
                    + " locks after a few wrong PINs)"));
        }
    }
}
