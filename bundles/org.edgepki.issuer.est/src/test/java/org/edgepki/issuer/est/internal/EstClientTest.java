package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.api.issuer.IssuanceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The EST client against {@link TestEstServer}: real TLS on loopback, every answer a server may give. */
class EstClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private TestEstServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EstClient client(TestEstServer est, boolean basic, X509KeyManager clientKey, Duration timeout)
            throws Exception {
        return new EstClient(est.url(), EstTls.context(List.of(est.caCertificate), clientKey).getSocketFactory(),
                basic ? TestEstServer.USERNAME : null, basic ? TestEstServer.PASSWORD.toCharArray() : null, timeout,
                new EnrollmentDeadline(Duration.ofMinutes(2), null), Clock.systemUTC());
    }

    private static byte[] csr(KeyPair key, String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }

    private static X509Certificate enrolled(EstResponse response) {
        return assertInstanceOf(EstResponse.Enrolled.class, response).certificates().get(0);
    }

    @Test
    void cacerts_needs_no_authentication() throws Exception {
        server = TestEstServer.start();
        assertEquals(List.of(server.caCertificate), client(server, false, null, TIMEOUT).caCerts());
        assertEquals(List.of("GET cacerts none"), server.requests);
    }

    @Test
    void simple_enroll_with_basic_authentication_returns_the_certificate_for_the_requested_key() throws Exception {
        server = TestEstServer.start();
        server.auth = TestEstServer.Auth.BASIC;
        KeyPair key = TestEstServer.ecKey();
        X509Certificate issued = enrolled(client(server, true, null, TIMEOUT).simpleEnroll(csr(key, "CN=gw1")));
        assertEquals(key.getPublic(), issued.getPublicKey());
        assertEquals("CN=gw1", issued.getSubjectX500Principal().getName());
        issued.verify(server.caCertificate.getPublicKey());
        assertEquals(List.of("POST simpleenroll basic"), server.requests);
    }

    @Test
    void a_client_certificate_is_sent_although_the_server_names_no_ca() throws Exception {
        server = TestEstServer.start();
        server.auth = TestEstServer.Auth.CLIENT_CERT;
        KeyPair identity = TestEstServer.ecKey();
        X509Certificate identityCert = server.issueClientCertificate("CN=est-identity", identity.getPublic(),
                Duration.ofDays(1));
        KeyPair key = TestEstServer.ecKey();
        enrolled(client(server, false, new OneKey(identity.getPrivate(), identityCert), TIMEOUT)
                .simpleEnroll(csr(key, "CN=gw1")));
        assertEquals(List.of("POST simpleenroll cert:CN=est-identity"), server.requests);
    }

    @Test
    void re_enrollment_authenticates_with_the_certificate_being_renewed() throws Exception {
        server = TestEstServer.start();
        server.auth = TestEstServer.Auth.CLIENT_CERT;
        KeyPair current = TestEstServer.ecKey();
        X509Certificate currentCert = server.issueClientCertificate("CN=gw1", current.getPublic(), Duration.ofDays(1));
        KeyPair next = TestEstServer.ecKey();
        X509Certificate renewed = enrolled(client(server, false, new OneKey(current.getPrivate(), currentCert), TIMEOUT)
                .simpleReenroll(csr(next, "CN=gw1")));
        assertEquals(next.getPublic(), renewed.getPublicKey());
        assertEquals(List.of("POST simplereenroll cert:CN=gw1"), server.requests);
    }

    @Test
    void re_enrollment_falls_back_to_simple_enroll_when_the_server_does_not_offer_it() throws Exception {
        server = TestEstServer.start();
        server.reenrollOffered = false;
        KeyPair key = TestEstServer.ecKey();
        enrolled(client(server, true, null, TIMEOUT).simpleReenroll(csr(key, "CN=gw1")));
        assertEquals(List.of("POST simplereenroll basic", "POST simpleenroll basic"), server.requests);
    }

    @Test
    void manual_approval_is_pending_for_the_servers_retry_after_and_nothing_waits() throws Exception {
        server = TestEstServer.start();
        server.pendingEnrollments = 1;
        server.retryAfterSeconds = 7;
        EstClient client = client(server, true, null, TIMEOUT);
        KeyPair key = TestEstServer.ecKey();
        EstResponse first = client.simpleEnroll(csr(key, "CN=gw1"));
        assertEquals(new EstResponse.Pending(Duration.ofSeconds(7)), first);
        enrolled(client.simpleEnroll(csr(key, "CN=gw1")));
    }

    @Test
    void a_binary_body_is_read_as_der() throws Exception {
        server = TestEstServer.start();
        server.fault = TestEstServer.Fault.BINARY_BODY;
        KeyPair key = TestEstServer.ecKey();
        assertEquals(key.getPublic(), enrolled(client(server, true, null, TIMEOUT).simpleEnroll(csr(key, "CN=gw1")))
                .getPublicKey());
    }

    @Test
    void tls_1_3_servers_work_too() throws Exception {
        server = new TestEstServer(List.of("localhost"), Instant.now().minusSeconds(60), Duration.ofDays(1), "TLSv1.3");
        assertEquals(List.of(server.caCertificate), client(server, false, null, TIMEOUT).caCerts());
    }

    @Test
    void each_bad_answer_is_a_clear_error_and_only_server_faults_are_retryable() throws Exception {
        server = TestEstServer.start();
        EstClient client = client(server, true, null, TIMEOUT);
        byte[] request = csr(TestEstServer.ecKey(), "CN=gw1");
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.STATUS_500, "HTTP 500", true);
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.STATUS_403, "forbids", false);
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.STATUS_404, "does not offer /simpleenroll",
                false);
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.GARBAGE_BODY, "not a PKCS#7", false);
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.WRONG_CONTENT_TYPE, "'text/html'", false);
        assertFailure(() -> client.simpleEnroll(request), TestEstServer.Fault.OTHER_KEY,
                "no certificate for the requested key", false);
        server.fault = TestEstServer.Fault.NONE;
        server.auth = TestEstServer.Auth.BASIC;
        IssuanceException refused = assertThrows(IssuanceException.class, () -> client(server, false, null, TIMEOUT)
                .simpleEnroll(request));
        assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TestEstServer.PASSWORD));
    }

    @Test
    void a_slow_server_times_out_retryably() throws Exception {
        server = TestEstServer.start();
        server.fault = TestEstServer.Fault.SLOW;
        server.slowness = Duration.ofSeconds(3);
        IssuanceException error = assertThrows(IssuanceException.class,
                () -> client(server, true, null, Duration.ofSeconds(1)).simpleEnroll(csr(TestEstServer.ecKey(), "CN=gw1")));
        assertTrue(error.getMessage().contains("did not answer within 1 s"), error.getMessage());
        assertTrue(error.isRetryable());
    }

    @Test
    void a_server_that_drips_its_answer_is_cut_off_at_the_deadline() throws Exception {
        server = TestEstServer.start();
        server.fault = TestEstServer.Fault.DRIP; // a byte every 200 ms: no read ever waits the 10 s timeout
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try {
            EstClient client = new EstClient(server.url(), EstTls.context(List.of(server.caCertificate), null)
                    .getSocketFactory(), null, null, Duration.ofSeconds(10),
                    new EnrollmentDeadline(Duration.ofSeconds(2), watchdog), Clock.systemUTC());
            long start = System.nanoTime();
            IssuanceException error = assertThrows(IssuanceException.class, client::caCerts);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(error.getMessage().contains("did not finish within 2 s"), error.getMessage());
            assertTrue(error.isRetryable());
            assertTrue(tookMillis < 8_000, "cut at the deadline, not after the whole drip: " + tookMillis + " ms");
        } finally {
            watchdog.shutdownNow();
        }
    }

    @Test
    void without_a_watchdog_a_dripping_server_is_cut_off_at_the_first_read_past_the_deadline() throws Exception {
        server = TestEstServer.start();
        server.fault = TestEstServer.Fault.DRIP;
        EstClient client = new EstClient(server.url(), EstTls.context(List.of(server.caCertificate), null)
                .getSocketFactory(), null, null, Duration.ofSeconds(10), new EnrollmentDeadline(Duration.ofSeconds(2),
                        null), Clock.systemUTC());
        long start = System.nanoTime();
        IssuanceException error = assertThrows(IssuanceException.class, client::caCerts);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(error.getMessage().contains("did not finish within 2 s"), error.getMessage());
        assertTrue(tookMillis < 8_000, "cut at the deadline, not after the whole drip: " + tookMillis + " ms");
    }

    @Test
    void a_server_that_is_down_is_a_retryable_error() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = TestEstServer.start();
        EstClient client = new EstClient(URI.create("https://localhost:" + port + "/.well-known/est"),
                EstTls.context(List.of(server.caCertificate), null).getSocketFactory(), null, null, TIMEOUT,
                new EnrollmentDeadline(Duration.ofMinutes(2), null), Clock.systemUTC());
        IssuanceException error = assertThrows(IssuanceException.class, client::caCerts);
        assertTrue(error.getMessage().contains("cannot connect"), error.getMessage());
        assertTrue(error.isRetryable());
    }

    @Test
    void an_untrusted_server_certificate_is_refused() throws Exception {
        server = TestEstServer.start();
        EstClient client = new EstClient(server.url(), EstTls.context(List.of(), null).getSocketFactory(), null, null,
                TIMEOUT, new EnrollmentDeadline(Duration.ofMinutes(2), null), Clock.systemUTC());
        IssuanceException error = assertThrows(IssuanceException.class, client::caCerts);
        assertTrue(error.getMessage().contains("not trusted"), error.getMessage());
    }

    @Test
    void an_expired_server_certificate_is_refused() throws Exception {
        server = new TestEstServer(List.of("localhost"), Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1));
        IssuanceException error = assertThrows(IssuanceException.class, () -> client(server, false, null, TIMEOUT)
                .caCerts());
        assertTrue(error.getMessage().contains("expired"), error.getMessage());
    }

    @Test
    void a_server_certificate_for_another_host_name_is_refused() throws Exception {
        server = new TestEstServer(List.of("est.example.org"), Instant.now().minusSeconds(60), Duration.ofDays(1));
        IssuanceException error = assertThrows(IssuanceException.class, () -> client(server, false, null, TIMEOUT)
                .caCerts());
        assertTrue(error.getMessage().contains("not for this host name"), error.getMessage());
    }

    @Test
    void the_url_must_be_https_and_is_shown_without_credentials() throws Exception {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new EstClient(
                URI.create("http://user:secret@est.example.org/.well-known/est"), null, null, null, TIMEOUT,
                new EnrollmentDeadline(Duration.ofMinutes(2), null), Clock.systemUTC()));
        assertFalse(error.getMessage().contains("secret"), error.getMessage());
    }

    @Test
    void a_thousand_failed_attempts_leak_no_thread_and_no_socket() throws Exception {
        server = TestEstServer.start();
        server.fault = TestEstServer.Fault.STATUS_500;
        EstClient client = client(server, true, null, TIMEOUT);
        byte[] request = csr(TestEstServer.ecKey(), "CN=gw1");
        try {
            client.simpleEnroll(request); // warms up the TLS session and keep-alive caches
        } catch (IssuanceException expected) {
            // the server fails every request
        }
        long threads = clientThreads();
        long descriptors = openDescriptors();
        long started = System.nanoTime();
        for (int attempt = 0; attempt < 1000; attempt++) {
            try {
                client.simpleEnroll(request);
            } catch (IssuanceException expected) {
                // the server fails every request
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("1000 failed EST attempts in " + millis + " ms");
        assertTrue(clientThreads() <= threads + 1, "threads " + threads + " -> " + clientThreads());
        assertTrue(openDescriptors() <= descriptors + 4, "descriptors " + descriptors + " -> " + openDescriptors());
    }

    /** Live threads but the test server's (a keep-alive timer may come and go). */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> !thread.getName().startsWith(TestEstServer.SERVER_THREAD_PREFIX)).count();
    }

    private static long openDescriptors() throws IOException {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private void assertFailure(Call call, TestEstServer.Fault fault, String expected, boolean retryable) {
        server.fault = fault;
        IssuanceException error = assertThrows(IssuanceException.class, call::run, fault.toString());
        assertTrue(error.getMessage().contains(expected), fault + ": " + error.getMessage());
        assertEquals(retryable, error.isRetryable(), fault + ": " + error.getMessage());
        assertTrue(error.getMessage().contains(server.url().getPath()), "names the URL: " + error.getMessage());
    }

    /** One client key and certificate, offered whatever the server asks. */
    private record OneKey(PrivateKey key, X509Certificate certificate) implements X509KeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
