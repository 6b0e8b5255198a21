package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

/** What is kept between enrollments, against the test EST server. */
class EstTlsCacheTest {

    @Test
    void requests_without_a_client_key_share_one_socket_factory_and_those_with_one_never_do() throws Exception {
        try (TestEstServer server = TestEstServer.start()) {
            EstTlsCache cache = new EstTlsCache();
            List<java.security.cert.X509Certificate> trusted = List.of(server.caCertificate);
            assertSame(cache.socketFactory(trusted, null), cache.socketFactory(List.copyOf(trusted), null));
            X509KeyManager key = clientKey(server);
            assertNotSame(cache.socketFactory(trusted, key), cache.socketFactory(trusted, key));
            assertEquals(List.of(server.caCertificate), new EstClient(server.url(), cache.socketFactory(trusted, null),
                    null, null, Duration.ofSeconds(5), new EnrollmentDeadline(Duration.ofSeconds(30), null),
                    Clock.systemUTC()).caCerts(), "the kept factory works");
            cache.clear();
            assertNotSame(cache.socketFactory(trusted, null), cache.socketFactory(List.of(), null));
        }
    }

    private static X509KeyManager clientKey(TestEstServer server) throws Exception {
        KeyPair pair = TestEstServer.ecKey();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", pair.getPrivate(), new char[0], new java.security.cert.X509Certificate[] {
            server.issueClientCertificate("CN=client", pair.getPublic(), Duration.ofDays(1))});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return (X509KeyManager) factory.getKeyManagers()[0];
    }
}
