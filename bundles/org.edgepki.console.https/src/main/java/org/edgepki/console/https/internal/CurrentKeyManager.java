package org.edgepki.console.https.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The server side of TLS with whatever credential is current: each handshake asks the key manager in use at
 * that moment, so a renewed certificate is served from the next handshake on, with no restart and no
 * connection dropped. A handshake gets its chain and key from the credential it chose its alias from, even
 * if a renewal lands in between (the alias names the credential's generation; the previous one is kept).
 * Until the first credential arrives it has none, and handshakes fail. It never authenticates as a client.
 */
final class CurrentKeyManager extends X509ExtendedKeyManager {
    private volatile Generation current;
    private volatile Generation previous;

    /**
     * @param keyManager the key service's key manager for the new credential (its key is a handle)
     * @throws IllegalArgumentException if it cannot serve an {@link SSLEngine} (not an extended key manager)
     */
    synchronized void use(X509KeyManager keyManager) {
        if (!(keyManager instanceof X509ExtendedKeyManager extended)) {
            throw new IllegalArgumentException("the key manager cannot serve TLS engines: " + keyManager);
        }
        previous = current;
        current = new Generation(current == null ? 1 : current.number() + 1, extended);
    }

    /** @return whether a credential is in use */
    boolean ready() {
        return current != null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation generation = current;
        if (generation == null) {
            return null;
        }
        String[] aliases = generation.keyManager().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] ours = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            ours[i] = generation.alias(aliases[i]);
        }
        return ours;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation generation = current;
        return generation == null ? null
                : generation.alias(generation.keyManager().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation generation = current;
        return generation == null ? null
                : generation.alias(generation.keyManager().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ofAlias(alias, X509ExtendedKeyManager::getCertificateChain);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ofAlias(alias, X509ExtendedKeyManager::getPrivateKey);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** What the generation named by {@code alias} gives for its own alias; null for an alias of none kept. */
    private <T> T ofAlias(String alias, AliasLookup<T> lookup) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String number = alias.substring(0, colon);
        for (Generation generation : new Generation[] {current, previous}) {
            if (generation != null && Long.toString(generation.number()).equals(number)) {
                return lookup.apply(generation.keyManager(), alias.substring(colon + 1));
            }
        }
        return null;
    }

    /** Looks up by a key manager's own alias. */
    private interface AliasLookup<T> {
        T apply(X509ExtendedKeyManager keyManager, String alias);
    }

    /** A credential in use, numbered from 1 in the order they came. */
    private record Generation(long number, X509ExtendedKeyManager keyManager) {
        String alias(String own) {
            return own == null ? null : number + ":" + own;
        }
    }
}
