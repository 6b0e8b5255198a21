package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Test;

/**
 * The Web Console as an attacker sees it, over raw HTTP against the launched runtime (Web Console 5,
 * edgepki's login): cross-site and origin-less state changes to Web Console's own configuration and
 * bundle pages are refused while the same request from the console's origin works; a DNS-rebinding
 * Host is refused; every answer carries the framing and sniffing headers; and password guessing is
 * throttled with 429 and logged without the password. Started on every address, the launcher keeps plain
 * HTTP on loopback and serves the console over HTTPS with a certificate from the Edge CA.
 */
public class ConsoleSecurityTest {
    private static final String PASSWORD = "console-security-test";
    private static final String[] SECURITY_HEADERS = {"x-frame-options: DENY",
        "content-security-policy: frame-ancestors 'none'", "referrer-policy: same-origin", "x-content-type-options: nosniff"};

    @Test
    public void cross_site_requests_foreign_hosts_and_password_guessing_are_refused() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("console-security");
        int port = LaunchedRuntime.freePort();
        LaunchedRuntime.CommandResult set = LaunchedRuntime.command(home, PASSWORD + "\n", "console-password", "operator");
        assertEquals(set.output(), 0, set.exitCode());
        try (LaunchedRuntime runtime = LaunchedRuntime.start(home, port, false)) {
            runtime.awaitOutput("edgeHub server certificate for ");
            assertEquals(200, runtime.awaitConsole("/edgepki-certificates", "operator", PASSWORD).status());
            String host = "127.0.0.1:" + port;
            String login = basic("operator", PASSWORD);

            Answer page = send(port, "GET /system/console/bundles", host, Map.of("Authorization", login));
            assertEquals(200, page.status());
            assertSecurityHeaders(page);
            assertSecurityHeaders(send(port, "GET /system/console/edgepki-checks", host, Map.of("Authorization", login)));
            assertSecurityHeaders(send(port, "GET /system/console/bundles", host, Map.of()));

            String form = "apply=true&action=ajaxConfigManager&propertylist=level&level=attack";
            Map<String, String> fromEvil = Map.of("Authorization", login, "Origin", "http://evil.example",
                    "Content-Type", "application/x-www-form-urlencoded");
            Answer crossSite = send(port, "POST /system/console/configMgr/org.edgepki.attack", host, fromEvil, form);
            assertEquals(crossSite.body(), 403, crossSite.status());
            assertTrue(crossSite.body(), crossSite.body().contains("the request comes from another site (http://evil.example)"));
            assertSecurityHeaders(crossSite);
            Answer install = send(port, "POST /system/console/bundles", host, Map.of("Authorization", login,
                    "Referer", "http://evil.example/page", "Content-Type", "application/x-www-form-urlencoded"),
                    "action=install&bundleurl=http://evil.example/evil.jar");
            assertEquals(install.body(), 403, install.status());
            Answer nowhere = send(port, "POST /system/console/configMgr/org.edgepki.attack", host, Map.of(
                    "Authorization", login, "Content-Type", "application/x-www-form-urlencoded"), form);
            assertEquals(nowhere.body(), 403, nowhere.status());
            assertFalse(configurations(port, host, login).contains("org.edgepki.attack"));

            Answer sameSite = send(port, "POST /system/console/configMgr/org.edgepki.attack", host, Map.of(
                    "Authorization", login, "Origin", "http://" + host, "Content-Type", "application/x-www-form-urlencoded"),
                    form);
            assertTrue(sameSite.status() + " " + sameSite.body(), sameSite.status() < 400);
            assertTrue("the control: the same request from the console's origin applies",
                    configurations(port, host, login).contains("org.edgepki.attack"));

            Answer rebound = send(port, "GET /system/console/bundles", "attacker.example:" + port,
                    Map.of("Authorization", login));
            assertEquals(rebound.body(), 403, rebound.status());
            assertTrue(rebound.body(), rebound.body().contains("this console is not served as 'attacker.example'"));

            for (int i = 1; i <= 6; i++) {
                Answer wrong = send(port, "GET /system/console/bundles", host, Map.of("Authorization",
                        basic("operator", "guess-" + i)));
                assertEquals(401, wrong.status());
            }
            Answer locked = send(port, "GET /system/console/bundles", host, Map.of("Authorization", login));
            assertEquals(locked.body(), 429, locked.status());
            assertTrue(locked.headers().toString(), locked.headers().containsKey("retry-after"));
            assertTrue(runtime.output(), runtime.outputContains(
                    "Web Console login failed for user 'operator' from 127.0.0.1 (1 failure(s) in a row)"));
            assertTrue(runtime.output(), runtime.outputContains("Web Console logins from 127.0.0.1 are refused for 1 s"
                    + " after 6 failures"));
            assertFalse(runtime.output(), runtime.outputContains("guess-"));
            runtime.stop();
        }
    }

    @Test
    public void beyond_loopback_the_launcher_serves_the_console_over_https_only() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("console-https-launcher");
        int port = LaunchedRuntime.freePort();
        int httpsPort = LaunchedRuntime.freePort();
        LaunchedRuntime.setConsolePassword(home, "operator", PASSWORD);
        try (LaunchedRuntime runtime = LaunchedRuntime.start(home, port, false, Map.of("EDGEPKI_HTTP_HOST", "0.0.0.0",
                "EDGEPKI_HTTPS_PORT", Integer.toString(httpsPort)))) {
            runtime.awaitOutput("the Web Console is served over HTTPS at https://0.0.0.0:" + httpsPort);
            assertTrue(runtime.output(), runtime.outputContains("Web Console at http://127.0.0.1:" + port
                    + "/system/console and https://0.0.0.0:" + httpsPort + "/system/console"));
            List<X509Certificate> edgeCa = Pem.parse(Files.readString(home.resolve(KuraGateway.EDGE_CA_FILE)));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("edge-ca", edgeCa.get(edgeCa.size() - 1));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trustManagers.getTrustManagers(), null);
            HttpsURLConnection page = (HttpsURLConnection) new URL("https://127.0.0.1:" + httpsPort
                    + "/system/console/bundles").openConnection();
            page.setSSLSocketFactory(tls.getSocketFactory());
            page.setRequestProperty("Authorization", basic("operator", PASSWORD));
            assertEquals("verified against the Edge CA, behind the login", 200, page.getResponseCode());
            assertEquals("DENY", page.getHeaderField("X-Frame-Options"));
            runtime.stop();
        }
    }

    private static String configurations(int port, String host, String login) throws IOException {
        Answer status = send(port, "GET /system/console/status-Configurations.txt", host, Map.of("Authorization", login));
        assertEquals(status.body(), 200, status.status());
        return status.body();
    }

    private static void assertSecurityHeaders(Answer answer) {
        for (String header : SECURITY_HEADERS) {
            String name = header.substring(0, header.indexOf(':'));
            assertEquals(answer.status() + " " + answer.headers(), header.substring(name.length() + 2),
                    answer.headers().get(name));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status, headers (names in lower case) and body. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private static Answer send(int port, String requestLine, String host, Map<String, String> headers) throws IOException {
        return send(port, requestLine, host, headers, null);
    }

    /**
     * One HTTP/1.1 request written by hand, so the test chooses every header (HttpURLConnection and
     * HttpClient do not let a caller set Host); the answer is read to the end (Connection: close).
     */
    private static Answer send(int port, String requestLine, String host, Map<String, String> headers, String body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
            if (host != null) {
                request.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] head = answer.substring(0, end).split("\r\n");
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                answerHeaders.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), answerHeaders, answer.substring(end + 4));
        }
    }
}
