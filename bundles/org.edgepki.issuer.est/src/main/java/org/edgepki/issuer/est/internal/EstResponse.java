package org.edgepki.issuer.est.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** What an EST enrollment request got back. */
public sealed interface EstResponse {

    /**
     * The server issued a certificate.
     *
     * @param certificates the certificates of the certs-only response, in the order sent
     */
    record Enrolled(List<X509Certificate> certificates) implements EstResponse {
        public Enrolled {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * The server accepted the request for manual approval (HTTP 202): ask again after this time.
     *
     * @param retryAfter the server's {@code Retry-After}
     */
    record Pending(Duration retryAfter) implements EstResponse {
    }
}
