package org.edgepki.issuer.est.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to an EST server: its certificate must chain (PKIX) to one of {@code trusted_certs} or to a
 * system root, and the client authenticates with the EST identity or bootstrap key when one is
 * given. The key manager offers that one key whatever CA names the server asks for, since some
 * servers ask for a certificate without naming any. TLS 1.3 and 1.2 (the JDK's defaults); the host
 * name is checked by the HTTPS connection.
 */
public final class EstTls {
    private EstTls() {
    }

    /**
     * @param trustedCerts the EST server's CAs from {@code trusted_certs}; may be empty
     * @param clientKey the key and chain to authenticate with, or null for none
     * @return a new context; its client session cache lets later requests resume the session
     */
    public static SSLContext context(List<X509Certificate> trustedCerts, X509KeyManager clientKey)
            throws GeneralSecurityException {
        return context(trustManagers(trustedCerts), clientKey);
    }

    /** @return a new context trusting what {@code trust} trusts */
    static SSLContext context(TrustManager[] trust, X509KeyManager clientKey) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(clientKey == null ? null : new KeyManager[] {clientKey}, trust, null);
        return context;
    }

    /**
     * @param trustedCerts the EST server's CAs from {@code trusted_certs}; may be empty
     * @return PKIX trust in them and in the system roots (reads the JDK's trust store)
     */
    static TrustManager[] trustManagers(List<X509Certificate> trustedCerts) throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store cannot be created", e);
        }
        int alias = 0;
        for (X509Certificate root : systemRoots()) {
            anchors.setCertificateEntry("system-" + alias++, root);
        }
        for (X509Certificate trusted : trustedCerts) {
            anchors.setCertificateEntry("trusted-" + alias++, trusted);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        return trust.getTrustManagers();
    }

    private static X509Certificate[] systemRoots() throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        for (TrustManager manager : system.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
