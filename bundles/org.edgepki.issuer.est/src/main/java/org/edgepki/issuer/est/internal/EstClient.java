package org.edgepki.issuer.est.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * An RFC 7030 client for one EST server (base URL {@code https://host[:port]/.well-known/est[/label]}):
 * {@code GET /cacerts}, {@code POST /simpleenroll} and {@code POST /simplereenroll}, the last
 * falling back to {@code /simpleenroll} when the server does not offer it (404, 501).
 *
 * <p>Requests are {@code application/pkcs10}, base64; responses {@code application/pkcs7-mime}
 * certs-only, base64 unless {@code Content-Transfer-Encoding: binary}. A 202 is returned as
 * {@link EstResponse.Pending} with the server's {@code Retry-After}: nothing waits here. Every
 * failure is an {@link IssuanceException} naming the URL (never the credentials) and what went
 * wrong; network faults, timeouts and 5xx are retryable, other answers are not. Each request uses
 * its own connection object and releases it, so failures leak no socket. Thread-safe.
 */
public final class EstClient {
    static final String PKCS10 = "application/pkcs10";
    static final String PKCS7 = "application/pkcs7-mime";
    /** When a 202 carries no usable Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** No EST response is near this big; a larger one is refused unread. */
    private static final int MAX_BODY = 1 << 20;

    private final URI base;
    private final String shownUrl;
    private final SSLSocketFactory tls;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final EnrollmentDeadline deadline;
    private final Clock clock;

    /**
     * @param base the EST base URL, https
     * @param tls the TLS settings (trust anchors, client key)
     * @param username for HTTP Basic authentication, or null for none
     * @param password its password, or null
     * @param timeout for connecting and for each read
     * @param deadline when all requests of this client must be done
     * @throws IllegalArgumentException if the URL is not https
     */
    public EstClient(URI base, SSLSocketFactory tls, String username, char[] password, Duration timeout,
            EnrollmentDeadline deadline, Clock clock) {
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("an EST URL must be https://host[:port]/..., not '" + shown(base) + "'");
        }
        String path = base.getPath() == null || base.getPath().isEmpty() ? "/.well-known/est" : base.getPath();
        this.base = base.resolve(path.endsWith("/") ? path : path + "/");
        this.shownUrl = shown(this.base);
        this.tls = tls;
        this.authorization = username == null ? Optional.empty() : Optional.of("Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : new String(password)))
                        .getBytes(StandardCharsets.UTF_8)));
        this.timeout = timeout;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** @return the server's CA certificates ({@code /cacerts}), as sent */
    List<X509Certificate> caCerts() throws IssuanceException {
        Reply reply = exchange("cacerts", null);
        if (reply.status() != HttpURLConnection.HTTP_OK) {
            throw failure("cacerts", reply);
        }
        return certificates("cacerts", reply);
    }

    /**
     * @param csr the PKCS#10 request, DER
     * @return the issued certificate first (the one for the CSR's key), then whatever else was
     *     sent; or pending
     */
    public EstResponse simpleEnroll(byte[] csr) throws IssuanceException {
        return enroll("simpleenroll", csr);
    }

    /**
     * Renews with the current certificate as TLS client authentication (RFC 7030 §4.2.2); a
     * server without {@code /simplereenroll} is asked {@code /simpleenroll} instead.
     */
    EstResponse simpleReenroll(byte[] csr) throws IssuanceException {
        Reply reply = exchange("simplereenroll", Base64.getMimeEncoder().encode(csr));
        if (reply.status() == HttpURLConnection.HTTP_NOT_FOUND
                || reply.status() == HttpURLConnection.HTTP_NOT_IMPLEMENTED) {
            return enroll("simpleenroll", csr);
        }
        return enrolled("simplereenroll", reply, csr);
    }

    private EstResponse enroll(String operation, byte[] csr) throws IssuanceException {
        return enrolled(operation, exchange(operation, Base64.getMimeEncoder().encode(csr)), csr);
    }

    private EstResponse enrolled(String operation, Reply reply, byte[] csr) throws IssuanceException {
        if (reply.status() == HttpURLConnection.HTTP_ACCEPTED) {
            return new EstResponse.Pending(retryAfter(reply.retryAfter()));
        }
        if (reply.status() != HttpURLConnection.HTTP_OK) {
            throw failure(operation, reply);
        }
        List<X509Certificate> certificates = certificates(operation, reply);
        PublicKey requested = csrKey(csr);
        List<X509Certificate> ordered = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            if (PublicKeyMatch.sameKey(certificate.getPublicKey(), requested)) {
                ordered.add(0, certificate);
            } else {
                ordered.add(certificate);
            }
        }
        if (!PublicKeyMatch.sameKey(ordered.get(0).getPublicKey(), requested)) {
            throw new IssuanceException(shownUrl + operation, "the EST server returned no certificate for the"
                    + " requested key (" + certificates.size() + " other certificate(s))", false, null);
        }
        return new EstResponse.Enrolled(ordered);
    }

    private record Reply(int status, String contentType, String transferEncoding, String retryAfter, byte[] body) {
    }

    private Reply exchange(String operation, byte[] requestBody) throws IssuanceException {
        String url = shownUrl + operation;
        if (deadline.passed()) {
            throw deadline.exceeded(url);
        }
        // each wait is the read timeout, or what is left of the deadline if that is less
        Duration wait = deadline.remaining().compareTo(timeout) < 0 ? deadline.remaining() : timeout;
        int waitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis()));
        HttpsURLConnection connection = null;
        try {
            connection = (HttpsURLConnection) base.resolve(operation).toURL().openConnection();
            HttpsURLConnection open = connection;
            try (EnrollmentDeadline.Cut cut = deadline.arm(open::disconnect)) {
                connection.setSSLSocketFactory(tls);
                connection.setConnectTimeout(waitMillis);
                connection.setReadTimeout(waitMillis);
                connection.setUseCaches(false);
                connection.setInstanceFollowRedirects(false);
                if (authorization.isPresent()) {
                    connection.setRequestProperty("Authorization", authorization.get());
                }
                if (requestBody != null) {
                    connection.setRequestMethod("POST");
                    connection.setDoOutput(true);
                    connection.setRequestProperty("Content-Type", PKCS10);
                    connection.setRequestProperty("Content-Transfer-Encoding", "base64");
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(requestBody);
                    }
                }
                int status = connection.getResponseCode();
                InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                byte[] body = stream == null ? new byte[0] : readAtMost(stream, url);
                if (deadline.passed()) {
                    throw deadline.exceeded(url);
                }
                return new Reply(status, connection.getContentType(),
                        connection.getHeaderField("Content-Transfer-Encoding"), connection.getHeaderField("Retry-After"),
                        body);
            }
        } catch (IssuanceException e) {
            disconnect(connection);
            throw e;
        } catch (IOException e) {
            disconnect(connection);
            throw ioFailure(url, e);
        }
    }

    /** @return the failure of an exchange that ended with {@code e} */
    private IssuanceException ioFailure(String url, IOException e) {
        if (deadline.passed()) {
            return deadline.exceeded(url);
        }
        if (e instanceof SocketTimeoutException) {
            return new IssuanceException(url, "the EST server did not answer within " + timeout.toSeconds() + " s",
                    true, e);
        }
        if (e instanceof UnknownHostException) {
            return new IssuanceException(url, "the EST server's host name is unknown (" + e.getMessage() + ")", true, e);
        }
        if (e instanceof ConnectException) {
            return new IssuanceException(url, "cannot connect to the EST server (" + e.getMessage() + ")", true, e);
        }
        if (e instanceof SSLException ssl) {
            return new IssuanceException(url, tlsFailure(ssl), true, e);
        }
        return new IssuanceException(url, "talking to the EST server failed (" + e + ")", true, e);
    }

    private static void disconnect(HttpsURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
        }
    }

    /**
     * Reads the body up to {@link #MAX_BODY}, and no longer than the deadline: checked after every read, so a server
     * that drips its answer is cut off even where no watchdog runs (the EST server check).
     */
    private byte[] readAtMost(InputStream stream, String url) throws IOException, IssuanceException {
        try (InputStream in = stream) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (deadline.passed()) {
                    throw deadline.exceeded(url);
                }
                body.write(buffer, 0, read);
                if (body.size() > MAX_BODY) {
                    throw new IssuanceException(url, "the EST server's answer is larger than " + MAX_BODY + " bytes",
                            false, null);
                }
            }
            return body.toByteArray();
        }
    }

    private List<X509Certificate> certificates(String operation, Reply reply) throws IssuanceException {
        String url = shownUrl + operation;
        String type = reply.contentType() == null ? "" : reply.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith(PKCS7)) {
            throw new IssuanceException(url, "the EST server answered with content type '" + reply.contentType()
                    + "', not " + PKCS7, false, null);
        }
        byte[] der;
        if ("binary".equalsIgnoreCase(String.valueOf(reply.transferEncoding()).trim())) {
            der = reply.body();
        } else {
            try {
                der = Base64.getMimeDecoder().decode(reply.body());
            } catch (IllegalArgumentException e) {
                throw new IssuanceException(url, "the EST server's answer is not base64 (" + e.getMessage() + ")",
                        false, null);
            }
        }
        try {
            return CertsOnly.parse(der);
        } catch (IllegalArgumentException e) {
            throw new IssuanceException(url, "the EST server's answer is unusable: " + e.getMessage(), false, null);
        }
    }

    private IssuanceException failure(String operation, Reply reply) {
        String url = shownUrl + operation;
        int status = reply.status();
        return switch (status) {
            case HttpURLConnection.HTTP_UNAUTHORIZED -> new IssuanceException(url, "the EST server refused the"
                    + " authentication (HTTP 401): check the username and password, or the identity certificate",
                    false, null);
            case HttpURLConnection.HTTP_FORBIDDEN -> new IssuanceException(url, "the EST server forbids this"
                    + " request (HTTP 403)", false, null);
            case HttpURLConnection.HTTP_NOT_FOUND, HttpURLConnection.HTTP_NOT_IMPLEMENTED -> new IssuanceException(url,
                    "the EST server does not offer /" + operation + " (HTTP " + status + "); check the URL", false, null);
            default -> new IssuanceException(url, "the EST server answered HTTP " + status
                    + (status >= 500 ? " (a server error)" : ""), status >= 500, null);
        };
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
    private Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static String tlsFailure(SSLException e) {
        String detail = String.valueOf(e.getMessage());
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "the EST server's certificate is not for this host name (" + detail + ")";
        }
        if (lower.contains("validity check failed") || lower.contains("certificate expired")
                || lower.contains("not yet valid")) {
            return "the EST server's certificate has expired or is not yet valid (" + detail + ")";
        }
        if (lower.contains("path building failed") || lower.contains("unable to find valid certification path")) {
            return "the EST server's certificate is not trusted: it chains to neither trusted_certs nor a system"
                    + " root (" + detail + ")";
        }
        return "TLS with the EST server failed (" + detail + ")";
    }

    private PublicKey csrKey(byte[] csr) throws IssuanceException {
        try {
            return new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(csr)).getPublicKey();
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new IssuanceException(shownUrl, "the certificate request is not a readable PKCS#10 request", false,
                    e);
        }
    }

    /** The URL without any user information, for messages. */
    private static String shown(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return String.valueOf(uri.getHost());
        }
    }
}
