package org.edgepki.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.junit.jupiter.api.Test;

/** Sessions on a real SoftHSM2 token across a reconfiguration. */
class TokensTest {
    /**
     * A request that selected its session before the bridge was reconfigured must not open that
     * session again: it would work on the token beside the new configuration's session, unserialised,
     * and one could see the other's key pair half generated (found on Equinox as "the private key has
     * no public key object").
     */
    @Test
    void a_session_of_closed_tokens_is_never_opened_again() throws Exception {
        String label = SoftHsm.newToken();
        Pkcs11Uri base = Pkcs11Uri.parse("pkcs11:token=" + label + "?pin-value=" + SoftHsm.USER_PIN);
        Pkcs11Uri key = Pkcs11Uri.parse("pkcs11:token=" + label + ";object=k?pin-value=" + SoftHsm.USER_PIN);
        Tokens old = new Tokens(SoftHsm.LIBRARY, Optional.of(base));
        Tokens.Selected selectedBefore = old.select(key, "k");
        selectedBefore.session().call(selectedBefore.pin(), session -> null);
        old.close();
        try (Tokens current = new Tokens(SoftHsm.LIBRARY, Optional.of(base))) {
            Tokens.Selected selectedNow = current.select(key, "k");
            selectedNow.session().call(selectedNow.pin(), session -> null);

            KeyException late = assertThrows(KeyException.class,
                    () -> selectedBefore.session().call(selectedBefore.pin(), session -> null));
            assertTrue(late.isRetryable(), "the caller may try again, with the new session");
            assertTrue(late.getMessage().contains("reconfigured"), late.getMessage());
        }
    }
}
