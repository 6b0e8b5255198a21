package org.edgepki.keystore.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS key manager with one entry: a certificate chain and its private key. The entry is
 * offered for every request whose key type fits the key; the peer's list of accepted issuers is
 * not consulted, because with a single entry there is nothing else to choose and presenting the
 * certificate gives a clearer failure than presenting none.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final X509Certificate[] chain;
    private final PrivateKey privateKey;
    private final String keyType;

    /**
     * @param alias the entry's name (the key id)
     * @param chain the chain, leaf first, whose leaf matches the key
     * @param privateKey the key, or a token handle to it
     */
    SingleKeyManager(String alias, List<X509Certificate> chain, PrivateKey privateKey) {
        this.alias = alias;
        this.chain = chain.toArray(X509Certificate[]::new);
        this.privateKey = privateKey;
        this.keyType = this.chain[0].getPublicKey().getAlgorithm();
    }

    @Override
    public String[] getClientAliases(String requestedType, Principal[] issuers) {
        return fits(requestedType) ? new String[] {alias} : null;
    }

    @Override
    public String chooseClientAlias(String[] requestedTypes, Principal[] issuers, Socket socket) {
        return chooseClient(requestedTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] requestedTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClient(requestedTypes);
    }

    @Override
    public String[] getServerAliases(String requestedType, Principal[] issuers) {
        return getClientAliases(requestedType, issuers);
    }

    @Override
    public String chooseServerAlias(String requestedType, Principal[] issuers, Socket socket) {
        return fits(requestedType) ? alias : null;
    }

    @Override
    public String chooseEngineServerAlias(String requestedType, Principal[] issuers, SSLEngine engine) {
        return fits(requestedType) ? alias : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String requestedAlias) {
        return alias.equals(requestedAlias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String requestedAlias) {
        return alias.equals(requestedAlias) ? privateKey : null;
    }

    private String chooseClient(String[] requestedTypes) {
        return requestedTypes != null && Arrays.stream(requestedTypes).anyMatch(this::fits) ? alias : null;
    }

    /** JSSE asks for "RSA", "EC", or in TLS 1.2 "EC_RSA" (an EC key in an RSA-signed certificate). */
    private boolean fits(String requestedType) {
        return requestedType != null && keyType.equals(requestedType.split("_", 2)[0]);
    }

    @Override
    public String toString() {
        return "SingleKeyManager[" + alias + "]";
    }
}
