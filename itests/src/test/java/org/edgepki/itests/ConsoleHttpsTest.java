package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The Web Console over HTTPS on every address (edgepki's connector on Felix HTTP Jetty 12), as a browser that
 * trusts only the Edge CA sees it: the handshake and the host name (the IP address) verify against the Edge CA,
 * the console answers behind its login; plain HTTP listens on loopback only; a renewal of the console's
 * certificate is served from the next handshake, with no restart. A client that trusts only the JDK's public
 * roots refuses the certificate.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleHttpsTest extends RuntimeTest {
    private static final String USER = "operator";
    private static final String PASSWORD = "console-https-test";
    private static final String CONSOLE_CERT = CredentialIds.moduleServer("edgepki-console");

    @Configuration
    public Option[] config() throws IOException {
        Path home = EdgePkiRuntime.newStateDirectory("console-https");
        LaunchedRuntime.setConsolePassword(home, USER, PASSWORD);
        return new Option[] {EdgePkiRuntime.options(home,
                frameworkProperty("edgepki.console.https.port").value(Integer.toString(LaunchedRuntime.freePort())),
                frameworkProperty("edgepki.console.https.host").value("0.0.0.0"))};
    }

    @Test
    public void the_console_is_served_over_https_verified_by_the_edge_ca_and_renewals_are_picked_up() throws Exception {
        SSLContext trustingEdgeCa = trusting(root(services().get(WorkloadCertificates.class).edgeCaChain()));
        int port = Integer.parseInt(context.getProperty("edgepki.console.https.port"));
        awaitTrue("the HTTPS connector listens", () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (ConnectException e) {
                return false;
            }
        });

        HttpsURLConnection page = open(trustingEdgeCa, "https://127.0.0.1:" + port + "/system/console/bundles");
        assertEquals(200, page.getResponseCode());
        assertEquals("DENY", page.getHeaderField("X-Frame-Options"));
        page.disconnect();
        HttpsURLConnection noLogin = (HttpsURLConnection) new URL("https://127.0.0.1:" + port
                + "/system/console/bundles").openConnection();
        noLogin.setSSLSocketFactory(trustingEdgeCa.getSocketFactory());
        assertEquals("the console's login still guards it", 401, noLogin.getResponseCode());

        Optional<InetAddress> outside = nonLoopbackAddress();
        if (outside.isPresent()) {
            String address = outside.get().getHostAddress();
            HttpsURLConnection beyondLoopback = open(trustingEdgeCa, "https://" + address + ":" + port
                    + "/system/console/bundles");
            assertEquals("the certificate names " + address, 200, beyondLoopback.getResponseCode());
            int httpPort = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
            assertThrows("plain HTTP listens on loopback only", ConnectException.class,
                    () -> new Socket(outside.get(), httpPort).close());
        } else {
            System.out.println("ConsoleHttpsTest: this machine has no address beyond loopback; that part is skipped");
        }

        HttpsURLConnection publicRootsOnly = (HttpsURLConnection) new URL("https://127.0.0.1:" + port
                + "/system/console/bundles").openConnection();
        assertThrows("a client trusting only public roots refuses it", SSLHandshakeException.class,
                publicRootsOnly::getResponseCode);

        X509Certificate before = served(trustingEdgeCa, port);
        assertTrue(before.getSubjectX500Principal().getName(), before.getSubjectAlternativeNames().stream()
                .anyMatch(name -> "127.0.0.1".equals(name.get(1))));
        services().get(CredentialService.class).renewNow(CONSOLE_CERT);
        awaitTrue("the renewed certificate is served at the next handshake",
                () -> !served(trustingEdgeCa, port).getSerialNumber().equals(before.getSerialNumber()));
        assertNotEquals(before.getSerialNumber(), served(trustingEdgeCa, port).getSerialNumber());
    }

    private static HttpsURLConnection open(SSLContext tls, String url) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        return connection;
    }

    /** @return the leaf served to a new connection, whose handshake verified it */
    private static X509Certificate served(SSLContext tls, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate root(List<X509Certificate> chain) {
        return chain.get(chain.size() - 1);
    }

    private static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("edge-ca-root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return tls;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
