package org.edgepki.issuer.est.internal;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * TLS settings kept between enrollments. The trust in {@code trusted_certs} plus the system roots
 * is built once per set of trusted certificates (it reads the JDK's trust store). Without a client
 * key the socket factory itself is kept, so {@code /cacerts} and Basic-only requests resume the TLS
 * session and reuse the kept-alive connection. With a client key each enrollment gets a new
 * context around a fresh key manager: a renewed key, or a token key behind an updated bridge, is
 * never served from a stale handle. Bounded; thread-safe.
 */
final class EstTlsCache {
    private static final int MAX_ENTRIES = 8;

    private final Map<List<X509Certificate>, TrustManager[]> trust = bounded();
    private final Map<List<X509Certificate>, SSLSocketFactory> keyless = bounded();

    /**
     * @param trusted the EST server's CAs
     * @param clientKey the client key and chain, or null
     */
    synchronized SSLSocketFactory socketFactory(List<X509Certificate> trusted, X509KeyManager clientKey)
            throws GeneralSecurityException {
        if (clientKey != null) {
            return EstTls.context(trustManagers(trusted), clientKey).getSocketFactory();
        }
        SSLSocketFactory factory = keyless.get(trusted);
        if (factory == null) {
            factory = EstTls.context(trustManagers(trusted), null).getSocketFactory();
            keyless.put(List.copyOf(trusted), factory);
        }
        return factory;
    }

    synchronized void clear() {
        trust.clear();
        keyless.clear();
    }

    private TrustManager[] trustManagers(List<X509Certificate> trusted) throws GeneralSecurityException {
        TrustManager[] managers = trust.get(trusted);
        if (managers == null) {
            managers = EstTls.trustManagers(trusted);
            trust.put(List.copyOf(trusted), managers);
        }
        return managers;
    }

    private static <V> Map<List<X509Certificate>, V> bounded() {
        return new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<List<X509Certificate>, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
