package org.edgepki.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/** A real TLS server on loopback presenting a key manager's chain, and a strict client. */
final class TlsLoopback {
    private TlsLoopback() {
    }

    /**
     * Serves one connection with {@code serverKeys} and connects to it trusting only {@code anchor},
     * verifying {@code hostname}; returns what the server sent, or throws the handshake error.
     */
    static String handshake(X509KeyManager serverKeys, X509Certificate anchor, String hostname, String protocol)
            throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(new KeyManager[] {serverKeys}, null, null);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket connection = (SSLSocket) server.accept()) {
                    connection.setSoTimeout(10_000);
                    OutputStream out = connection.getOutputStream();
                    out.write("hello from edgeHub".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    // The client's rejection shows up on the client side.
                }
            });
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("edge-ca", anchor);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, trustManagers.getTrustManagers(), null);
            String received;
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                            .createSocket(raw, hostname, server.getLocalPort(), true)) {
                client.setSoTimeout(10_000);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[] {protocol});
                client.setSSLParameters(parameters);
                client.startHandshake();
                InputStream in = client.getInputStream();
                received = new String(in.readNBytes(18), StandardCharsets.UTF_8);
            }
            // After the client has closed: the server's close waits for the client's close_notify.
            served.get(20, TimeUnit.SECONDS);
            return received;
        }
    }
}
