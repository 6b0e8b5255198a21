package org.edgepki.issuer.est.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An RFC 7030 EST server over TLS on loopback, written for the tests. It behaves like a widely
 * deployed open-source EST server: it speaks TLS 1.2 only (unless told otherwise); it asks for a
 * client certificate but names no CAs; {@code /cacerts} needs no authentication; enrollment answers
 * hold only the issued certificate, not the chain; CSR extensions are ignored unless
 * {@link #honourCsrExtensions}; a CSR carrying a {@code challengePassword} is rejected with 401
 * (this server checks no tls-unique channel binding, so any challengePassword is a wrong one).
 *
 * <p>Authentication is HTTP Basic, a client certificate issued by its CA, or either. Manual
 * approval answers {@code 202} with {@code Retry-After} for the first {@link #pendingEnrollments}
 * enrollments. {@link #fault} makes it misbehave in one of the ways a client must survive. Every
 * knob may be changed while it runs.
 */
public final class TestEstServer implements AutoCloseable {
    /** How clients must authenticate for enrollment. */
    public enum Auth {
        BASIC, CLIENT_CERT, EITHER
    }

    /** Ways to misbehave, for the next answers to enrollment and cacerts requests. */
    public enum Fault {
        NONE, STATUS_500, STATUS_403, STATUS_404, GARBAGE_BODY, WRONG_CONTENT_TYPE, OTHER_KEY, SLOW, BINARY_BODY,
        /** A valid answer, sent one byte every 200 ms. */
        DRIP,
        /**
         * A certs-only PKCS#7 whose certificate set holds an INTEGER: the kind of answer that made Bouncy Castle's
         * {@code getCertificates()} throw (ClassCastException, IllegalStateException) and once escaped the parser.
         */
        CRASHING_PKCS7,
        /** 202 with {@code Retry-After: 9223372036854775807}: seconds no clock can add. */
        HUGE_RETRY_AFTER,
        /** A certificate signed by a CA that is not in {@code /cacerts}. */
        OTHER_CA,
        /** A certificate that expired before it was sent. */
        EXPIRED
    }

    static {
        // The JDK's server leaves Nagle on: a response's headers and body would wait for the
        // client's delayed ACK, 40 ms a request. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String USERNAME = "estuser";
    public static final String PASSWORD = "estpwd";
    /** Names of the server's own threads, so tests can tell them from the client's. */
    static final String SERVER_THREAD_PREFIX = "test-est-server-";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final KeyPair caKey = ecKey();
    public final X509Certificate caCertificate = certificate(new X500Name("CN=edgepki test EST CA"), caKey.getPublic(),
            null, caKey, Instant.now().minusSeconds(60), Duration.ofDays(365), true, null);
    public volatile Auth auth = Auth.EITHER;
    public volatile int pendingEnrollments;
    public volatile int retryAfterSeconds = 1;
    public volatile boolean reenrollOffered = true;
    public volatile boolean honourCsrExtensions;
    public volatile Fault fault = Fault.NONE;
    public volatile Duration slowness = Duration.ofSeconds(3);
    /** Lifetime of the certificates it issues (their notBefore is a minute back, for clock skew). */
    public volatile Duration issuedLifetime = Duration.ofDays(30);
    /** One line per request: {@code "POST simpleenroll basic"}, {@code "GET cacerts none"}, ... */
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, SERVER_THREAD_PREFIX + runnable.hashCode());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param names the DNS names and IP addresses its TLS certificate is for
     * @param serverValidFrom when its TLS certificate becomes valid
     * @param serverLifetime how long it is valid
     * @param protocols the TLS versions it speaks
     */
    public TestEstServer(List<String> names, Instant serverValidFrom, Duration serverLifetime, String... protocols)
            throws Exception {
        KeyPair serverKey = ecKey();
        X509Certificate serverCertificate = certificate(new X500Name("CN=" + names.get(0)), serverKey.getPublic(),
                caCertificate, caKey, serverValidFrom, serverLifetime, false, names);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", serverKey.getPrivate(), new char[0],
                new X509Certificate[] {serverCertificate, caCertificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), new TrustManager[] {new ClientCertificates()}, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setProtocols(protocols.length == 0 ? new String[] {"TLSv1.2"} : protocols);
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/.well-known/est/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A TLS 1.2 server with a valid certificate for localhost and 127.0.0.1. */
    public static TestEstServer start() throws Exception {
        return new TestEstServer(List.of("localhost", "127.0.0.1"), Instant.now().minusSeconds(60), Duration.ofDays(30));
    }

    /** @return the EST base URL */
    public URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/.well-known/est");
    }

    /**
     * Lets a test that cannot reach this object (an OSGi test probe) steer it through files in
     * {@code directory}: before each request it reads {@code knobs.properties} ({@code auth},
     * {@code pending_enrollments}, {@code honour_csr_extensions}, {@code reenroll_offered},
     * {@code fault}, {@code issued_lifetime_seconds}) when that changed, and it appends each request line to {@code requests.log}.
     */
    public void controlledBy(Path directory) {
        control = directory;
    }

    private volatile Path control;
    private volatile long knobsRead;

    private void readKnobs() throws IOException {
        Path dir = control;
        if (dir == null) {
            return;
        }
        Path file = dir.resolve("knobs.properties");
        if (!Files.exists(file) || Files.getLastModifiedTime(file).toMillis() == knobsRead) {
            return;
        }
        knobsRead = Files.getLastModifiedTime(file).toMillis();
        Properties knobs = new Properties();
        try (var in = Files.newInputStream(file)) {
            knobs.load(in);
        }
        auth = Auth.valueOf(knobs.getProperty("auth", auth.name()));
        pendingEnrollments = Integer.parseInt(knobs.getProperty("pending_enrollments", "0"));
        honourCsrExtensions = Boolean.parseBoolean(knobs.getProperty("honour_csr_extensions",
                Boolean.toString(honourCsrExtensions)));
        reenrollOffered = Boolean.parseBoolean(knobs.getProperty("reenroll_offered", "true"));
        fault = Fault.valueOf(knobs.getProperty("fault", "NONE"));
        issuedLifetime = Duration.ofSeconds(Long.parseLong(knobs.getProperty("issued_lifetime_seconds",
                Long.toString(Duration.ofDays(30).toSeconds()))));
    }

    private void log(String request) throws IOException {
        requests.add(request);
        Path dir = control;
        if (dir != null) {
            Files.writeString(dir.resolve("requests.log"), request + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A certificate issued by this server's CA, for a client the tests authenticate with. */
    public X509Certificate issueClientCertificate(String subject, PublicKey key, Duration lifetime) {
        return certificate(new X500Name(subject), key, caCertificate, caKey, Instant.now().minusSeconds(60), lifetime,
                false, null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String operation = exchange.getRequestURI().getPath().substring("/.well-known/est/".length());
            X509Certificate client = clientCertificate(exchange);
            boolean basic = ("Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8))).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            readKnobs();
            log(exchange.getRequestMethod() + " " + operation + " "
                    + (client != null ? "cert:" + client.getSubjectX500Principal().getName() : basic ? "basic" : "none"));
            byte[] request = exchange.getRequestBody().readAllBytes();
            Fault now = fault;
            if (now == Fault.SLOW) {
                Thread.sleep(slowness.toMillis());
            }
            switch (operation) {
                case "cacerts" -> answerCertificates(exchange, now, List.of(caCertificate));
                case "simpleenroll", "simplereenroll" -> enroll(exchange, operation, request, client, basic, now);
                default -> send(exchange, 404, "text/plain", "no such EST operation".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            send(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void enroll(HttpExchange exchange, String operation, byte[] body, X509Certificate client, boolean basic,
            Fault now) throws Exception {
        if ("simplereenroll".equals(operation) && !reenrollOffered) {
            send(exchange, 404, "text/plain", new byte[0]);
            return;
        }
        boolean authenticated = switch (auth) {
            case BASIC -> basic;
            case CLIENT_CERT -> client != null;
            case EITHER -> basic || client != null;
        };
        if (!authenticated) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"estrealm\"");
            send(exchange, 401, "text/plain", new byte[0]);
            return;
        }
        if (!"application/pkcs10".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            send(exchange, 400, "text/plain", "expected application/pkcs10".getBytes(StandardCharsets.UTF_8));
            return;
        }
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(body));
        if (csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword).length > 0) {
            send(exchange, 401, "text/plain", "challengePassword is not the TLS channel binding"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if ("simplereenroll".equals(operation) && (client == null || !new X500Name(
                client.getSubjectX500Principal().getName()).equals(csr.getSubject()))) {
            send(exchange, 403, "text/plain", "re-enrollment needs the certificate being renewed"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (now == Fault.HUGE_RETRY_AFTER) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(Long.MAX_VALUE));
            send(exchange, 202, "text/plain", new byte[0]);
            return;
        }
        if (pendingEnrollments > 0) {
            pendingEnrollments--;
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
            send(exchange, 202, "text/plain", new byte[0]);
            return;
        }
        PublicKey key = now == Fault.OTHER_KEY ? ecKey().getPublic() : new JcaPKCS10CertificationRequest(csr).getPublicKey();
        Extensions requested = honourCsrExtensions ? requestedExtensions(csr) : null;
        X509Certificate issued;
        if (now == Fault.OTHER_CA) {
            KeyPair otherKey = ecKey();
            X509Certificate otherCa = certificate(new X500Name("CN=some other CA"), otherKey.getPublic(), null, otherKey,
                    Instant.now().minusSeconds(60), Duration.ofDays(365), true, null);
            issued = certificate(csr.getSubject(), key, otherCa, otherKey, Instant.now().minusSeconds(60), issuedLifetime,
                    false, null, requested);
        } else if (now == Fault.EXPIRED) {
            issued = certificate(csr.getSubject(), key, caCertificate, caKey, Instant.now().minus(Duration.ofDays(10)),
                    Duration.ofDays(1), false, null, requested);
        } else {
            issued = certificate(csr.getSubject(), key, caCertificate, caKey, Instant.now().minusSeconds(60),
                    issuedLifetime, false, null, requested);
        }
        answerCertificates(exchange, now, List.of(issued));
    }

    private void answerCertificates(HttpExchange exchange, Fault now, List<X509Certificate> certificates)
            throws Exception {
        switch (now) {
            case STATUS_500 -> send(exchange, 500, "text/plain", new byte[0]);
            case STATUS_403 -> send(exchange, 403, "text/plain", new byte[0]);
            case STATUS_404 -> send(exchange, 404, "text/plain", new byte[0]);
            case GARBAGE_BODY -> send(exchange, 200, "application/pkcs7-mime; smime-type=certs-only",
                    "not base64 at all %%%".getBytes(StandardCharsets.US_ASCII));
            case WRONG_CONTENT_TYPE -> send(exchange, 200, "text/html", "<html>login</html>"
                    .getBytes(StandardCharsets.US_ASCII));
            case DRIP -> {
                exchange.getResponseHeaders().add("Content-Transfer-Encoding", "base64");
                exchange.getResponseHeaders().set("Content-Type", "application/pkcs7-mime; smime-type=certs-only");
                byte[] body = Base64.getMimeEncoder().encode(certsOnly(certificates));
                exchange.sendResponseHeaders(200, body.length);
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException cut) {
                    // the client hung up
                }
            }
            case CRASHING_PKCS7 -> {
                exchange.getResponseHeaders().add("Content-Transfer-Encoding", "base64");
                send(exchange, 200, "application/pkcs7-mime; smime-type=certs-only",
                        Base64.getMimeEncoder().encode(certsOnlyHoldingAnInteger()));
            }
            case BINARY_BODY -> {
                exchange.getResponseHeaders().add("Content-Transfer-Encoding", "binary");
                send(exchange, 200, "application/pkcs7-mime; smime-type=certs-only", certsOnly(certificates));
            }
            default -> {
                exchange.getResponseHeaders().add("Content-Transfer-Encoding", "base64");
                send(exchange, 200, "application/pkcs7-mime; smime-type=certs-only",
                        Base64.getMimeEncoder().encode(certsOnly(certificates)));
            }
        }
    }

    /** A SignedData built with Bouncy Castle's ASN.1 types, its certificate set holding an INTEGER. */
    private static byte[] certsOnlyHoldingAnInteger() throws IOException {
        SignedData signedData = new SignedData(new DERSet(), new ContentInfo(CMSObjectIdentifiers.data, null),
                new DERSet(new ASN1Integer(7)), null, new DERSet());
        return new ContentInfo(CMSObjectIdentifiers.signedData, signedData).getEncoded();
    }

    private static byte[] certsOnly(List<X509Certificate> certificates) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new JcaCertStore(certificates));
        return generator.generate(new CMSAbsentContent()).getEncoded();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static X509Certificate clientCertificate(HttpExchange exchange) {
        try {
            return (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest csr) {
        var attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        return attributes.length == 0 ? null : Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    }

    /** Trusts client certificates its CA issued; names no CA in its certificate request. */
    private final class ClientCertificates implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                chain[0].checkValidity();
                chain[0].verify(caCertificate.getPublicKey());
            } catch (java.security.GeneralSecurityException e) {
                throw new CertificateException("not a client certificate of this EST server: " + e.getMessage(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server does not check servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(X500Name subject, PublicKey key, X509Certificate issuer, KeyPair issuerKey,
            Instant notBefore, Duration lifetime, boolean ca, List<String> names) {
        return certificate(subject, key, issuer, issuerKey, notBefore, lifetime, ca, names, null);
    }

    private static X509Certificate certificate(X500Name subject, PublicKey key, X509Certificate issuer,
            KeyPair issuerKey, Instant notBefore, Duration lifetime, boolean ca, List<String> names,
            Extensions requested) {
        try {
            X500Name issuerName = issuer == null ? subject : new X500Name(issuer.getSubjectX500Principal().getName());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM), Date.from(notBefore), Date.from(notBefore.plus(lifetime)), subject, key);
            if (requested != null) {
                for (var oid : requested.getExtensionOIDs()) {
                    builder.addExtension(requested.getExtension(oid));
                }
            } else if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(names == null
                        ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
            }
            if (names != null) {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(name.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
