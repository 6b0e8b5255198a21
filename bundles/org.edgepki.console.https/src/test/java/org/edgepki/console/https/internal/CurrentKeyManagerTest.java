package org.edgepki.console.https.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

/** The credential a handshake chose its alias from gives its chain and key, even across a renewal. */
class CurrentKeyManagerTest {

    @Test
    void before_a_credential_it_offers_none_and_never_authenticates_as_a_client() {
        CurrentKeyManager keys = new CurrentKeyManager();
        assertFalse(keys.ready());
        assertNull(keys.chooseEngineServerAlias("EC", null, null));
        assertNull(keys.getCertificateChain("1:console"));
        keys.use(new OneCredential(new X509Certificate[0]));
        assertNull(keys.chooseEngineClientAlias(new String[] {"EC"}, null, null));
        assertNull(keys.getClientAliases("EC", null));
    }

    @Test
    void a_handshake_that_chose_before_a_renewal_finishes_with_the_credential_it_chose() {
        CurrentKeyManager keys = new CurrentKeyManager();
        OneCredential first = new OneCredential(new X509Certificate[0]);
        OneCredential second = new OneCredential(new X509Certificate[0]);
        keys.use(first);
        String chosen = keys.chooseEngineServerAlias("EC", null, null);
        assertEquals("1:console", chosen);
        keys.use(second);
        assertSame(first.chain, keys.getCertificateChain(chosen));
        String next = keys.chooseServerAlias("EC", null, null);
        assertEquals("2:console", next);
        assertSame(second.chain, keys.getCertificateChain(next));
        keys.use(new OneCredential(new X509Certificate[0]));
        assertNull(keys.getCertificateChain(chosen), "two renewals later the first is no longer kept");
        assertNull(keys.getCertificateChain("console"), "an alias not of this key manager");
        assertTrue(keys.ready());
    }

    @Test
    void a_key_manager_that_cannot_serve_engines_is_refused() {
        X509KeyManager notExtended = (X509KeyManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {X509KeyManager.class}, (proxy, method, arguments) -> null);
        assertThrows(IllegalArgumentException.class, () -> new CurrentKeyManager().use(notExtended));
    }

    /** A key manager of one credential, alias {@code console}, as the key service's are. */
    private static class OneCredential extends X509ExtendedKeyManager {
        final X509Certificate[] chain;

        OneCredential(X509Certificate[] chain) {
            this.chain = chain;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return "console";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"console"};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "console";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return "console".equals(alias) ? chain : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }
}
