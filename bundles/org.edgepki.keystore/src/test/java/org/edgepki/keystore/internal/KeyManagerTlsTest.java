package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.edgepki.api.key.KeyPairInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The key manager drives a real JSSE handshake on loopback, as server and as TLS client. */
class KeyManagerTlsTest {
    @TempDir
    Path temp;
    KeyServiceImpl service;

    @BeforeEach
    void createService() {
        service = new KeyServiceImpl();
        service.configure(new String[0], "file", 1);
        service.bindKeyProvider(new FileKeyStore(temp.resolve("keys")), Map.of("scheme", "file"));
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, ec-p256, rsa-2048", "TLSv1.3, rsa-2048, ec-p384", "TLSv1.2, rsa-3072, ec-p256",
        "TLSv1.2, ec-p384, rsa-2048"})
    void a_mutually_authenticated_handshake_on_loopback_uses_the_key_managers(String protocol, String serverKey,
            String clientKey) throws Exception {
        X509Certificate serverCertificate = certificateFor("server", serverKey);
        X509Certificate clientCertificate = certificateFor("client", clientKey);
        SSLContext serverContext = context(protocol, service.keyManager("server", List.of(serverCertificate)),
                clientCertificate);
        SSLContext clientContext = context(protocol, service.keyManager("client", List.of(clientCertificate)),
                serverCertificate);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<Certificate> seenByServer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    InputStream in = accepted.getInputStream();
                    OutputStream out = accepted.getOutputStream();
                    out.write(in.read() + 1);
                    out.flush();
                    return accepted.getSession().getPeerCertificates()[0];
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.getOutputStream().write(41);
                client.getOutputStream().flush();

                assertEquals(42, client.getInputStream().read());
                assertEquals(protocol, client.getSession().getProtocol());
                assertEquals(serverCertificate, client.getSession().getPeerCertificates()[0]);
            }
            assertEquals(clientCertificate, seenByServer.get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @CsvSource({"ec-p256", "rsa-2048"})
    void the_key_manager_hands_out_a_handle_that_holds_no_key_material(String algorithm) throws Exception {
        X509Certificate certificate = certificateFor("handle", algorithm);
        X509KeyManager keyManager = service.keyManager("handle", List.of(certificate));
        PrivateKey key = keyManager.getPrivateKey(keyManager.getClientAliases(certificate.getPublicKey().getAlgorithm(),
                null)[0]);

        assertNull(key.getEncoded());
        assertNull(key.getFormat());
        assertFalse(key instanceof ECPrivateKey || key instanceof RSAPrivateKey, key.getClass().getName());
        assertThrows(NotSerializableException.class, () -> new ObjectOutputStream(new ByteArrayOutputStream())
                .writeObject(key));
        assertTrue(key.toString().endsWith("a handle without key material"), key.toString());
        // and it still signs, through the key service's provider
        Signature signature = Signature.getInstance(algorithm.startsWith("ec") ? "SHA256withECDSA" : "SHA256withRSA");
        signature.initSign(key);
        signature.update(new byte[] {1, 2, 3});
        byte[] signed = signature.sign();
        Signature verify = Signature.getInstance(algorithm.startsWith("ec") ? "SHA256withECDSA" : "SHA256withRSA");
        verify.initVerify(certificate.getPublicKey());
        verify.update(new byte[] {1, 2, 3});
        assertTrue(verify.verify(signed));
    }

    private X509Certificate certificateFor(String keyId, String preference) throws Exception {
        KeyPairInfo key = service.createKeyPairIfNotExists(keyId, preference);
        return TestKeys.selfSigned(service, key);
    }

    private static SSLContext context(String protocol, KeyManager keyManager, X509Certificate trusted)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("peer", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(new KeyManager[] {keyManager}, trustManagers.getTrustManagers(), null);
        return context;
    }
}
