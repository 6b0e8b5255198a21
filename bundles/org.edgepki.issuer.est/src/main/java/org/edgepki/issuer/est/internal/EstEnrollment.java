package org.edgepki.issuer.est.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.CertificationRequests;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * One certificate enrolled at one EST endpoint, the way IoT Edge does it:
 * <ol>
 * <li>{@code /cacerts} first: the issued chain is the enrolled certificate followed by them;</li>
 * <li>a certificate that is still valid and was issued by those CAs is renewed with
 * {@code /simplereenroll}, authenticated by itself (RFC 7030 §4.2.2);</li>
 * <li>anything else is enrolled with {@code /simpleenroll}, authenticated by HTTP Basic and/or the
 * EST identity; the EST identity itself, when it is the certificate enrolled and is missing or
 * unusable, is enrolled with the bootstrap certificate. It is a credential of its own: the credential
 * service issues and renews it, and this issuer, like every issuer, stores nothing.</li>
 * </ol>
 * The request asks for the extensions of its profile; what comes back is checked before it is returned
 * ({@link IssuedCertificateCheck}: signed by the server's CAs, valid now, for the key, able to do what it
 * was asked for), so a bad answer leaves the certificate in use.
 */
final class EstEnrollment {
    private final KeyService keys;
    private final CertificateService certs;
    private final EstEndpoint endpoint;
    private final List<X509Certificate> trusted;
    private final EstSettings settings;
    private final Clock clock;
    private final EstTlsCache tlsCache;
    private final EnrollmentDeadline deadline;

    /**
     * @param tlsCache TLS settings kept between enrollments
     * @param deadline when the whole enrollment, every request of it, must be done
     */
    EstEnrollment(KeyService keys, CertificateService certs, EstEndpoint endpoint, List<X509Certificate> trusted,
            EstSettings settings, Clock clock, EstTlsCache tlsCache, EnrollmentDeadline deadline) {
        this.tlsCache = tlsCache;
        this.deadline = deadline;
        this.keys = keys;
        this.certs = certs;
        this.endpoint = endpoint;
        this.trusted = trusted;
        this.settings = settings;
        this.clock = clock;
    }

    List<X509Certificate> enroll(IssuanceRequest request) throws IssuanceException {
        String certId = request.certId();
        try {
            List<X509Certificate> caCerts = client(null).caCerts();
            KeyPairInfo key = keys.get(request.keyId());
            byte[] csr = CertificationRequests.create(keys, key, subjectOf(certId, request.csr()),
                    EstExtensions.of(request.profile(), request.subjectAltNames()));
            Optional<TlsIdentity> current = usable(certId, caCerts);
            EstResponse response = current.isPresent() ? client(current.get()).simpleReenroll(csr)
                    : client(identityFor(certId, caCerts)).simpleEnroll(csr);
            X509Certificate issued = issued(certId, response);
            IssuedCertificateCheck.verify(certId, issued, caCerts, key.publicKey(), request.profile(), clock.instant());
            return chain(issued, caCerts);
        } catch (IssuanceException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new IssuanceException(certId, e.getMessage(), e.isRetryable(), e);
        }
    }

    /** A TLS client identity: the key id and the chain sent with it. */
    private record TlsIdentity(String keyId, List<X509Certificate> chain) {
    }

    /** @return the stored pair under {@code id} if it is valid now, matches its key and was issued by one of the CAs */
    private Optional<TlsIdentity> usable(String id, List<X509Certificate> caCerts) throws EdgePkiException {
        Optional<StoredCertificate> stored = certs.find(id);
        Optional<KeyPairInfo> key = keys.find(id);
        if (stored.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = stored.get().leaf();
        Date now = Date.from(clock.instant());
        boolean valid = !now.before(leaf.getNotBefore()) && !now.after(leaf.getNotAfter());
        boolean fromTheseCas = caCerts.stream().anyMatch(ca -> IssuedBy.issuedBy(leaf, ca));
        return valid && fromTheseCas && PublicKeyMatch.sameKey(leaf.getPublicKey(), key.get().publicKey())
                ? Optional.of(new TlsIdentity(id, stored.get().chain())) : Optional.empty();
    }

    /**
     * The EST identity to authenticate a first enrollment with: the configured one if usable; for the EST identity
     * itself, the bootstrap identity; none when no identity is configured (HTTP Basic alone).
     */
    private TlsIdentity identityFor(String certId, List<X509Certificate> caCerts) throws EdgePkiException {
        if (endpoint.identityId().isEmpty() && endpoint.bootstrapId().isEmpty()) {
            return null;
        }
        String identityId = endpoint.identityId().orElse(org.edgepki.api.CredentialIds.EST_ID);
        if (identityId.equals(certId)) {
            if (endpoint.bootstrapId().isEmpty()) {
                throw new IssuanceException(certId, "the EST identity cannot be enrolled: no bootstrap identity is"
                        + " configured (bootstrap_identity_cert / _pk)", false, null);
            }
            return bootstrap(endpoint.bootstrapId().get(), certId);
        }
        Optional<TlsIdentity> identity = usable(identityId, caCerts);
        if (identity.isPresent()) {
            return identity.get();
        }
        if (certs.find(identityId).map(StoredCertificate::preloaded).orElse(false)) {
            throw new IssuanceException(certId, "the EST identity '" + identityId + "' is a preloaded file that cannot"
                    + " be used (expired, or not from this EST server's CAs); edgepki does not overwrite it", false, null);
        }
        throw new IssuanceException(certId, "the EST identity '" + identityId + "' is missing, expired or not from this"
                + " EST server's CAs" + (endpoint.bootstrapId().isPresent() ? "; it is enrolled with the bootstrap"
                        + " identity as its own credential, and this is tried again once it is" : ", and no bootstrap"
                        + " identity is configured"), true, null);
    }

    private TlsIdentity bootstrap(String bootstrapId, String certId) throws EdgePkiException {
        Optional<StoredCertificate> stored = certs.find(bootstrapId);
        Optional<KeyPairInfo> key = keys.find(bootstrapId);
        if (stored.isEmpty() || key.isEmpty()) {
            throw new IssuanceException(certId, "the EST bootstrap identity '" + bootstrapId + "' has no "
                    + (stored.isEmpty() ? "certificate" : "key") + " (bootstrap_identity_cert / _pk)", true, null);
        }
        X509Certificate leaf = stored.get().leaf();
        Date now = Date.from(clock.instant());
        if (now.before(leaf.getNotBefore()) || now.after(leaf.getNotAfter())) {
            throw new IssuanceException(certId, "the EST bootstrap certificate '" + bootstrapId + "' is not valid now"
                    + " (" + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")", false, null);
        }
        if (!PublicKeyMatch.sameKey(leaf.getPublicKey(), key.get().publicKey())) {
            throw new IssuanceException(certId, "the EST bootstrap certificate '" + bootstrapId + "' is not for its key",
                    false, null);
        }
        return new TlsIdentity(bootstrapId, stored.get().chain());
    }

    private X509Certificate issued(String certId, EstResponse response) throws IssuanceException {
        if (response instanceof EstResponse.Pending pending) {
            throw new IssuanceException(certId, "the EST server holds the request for manual approval; it asks to be"
                    + " asked again in " + pending.retryAfter().toSeconds() + " s", pending.retryAfter());
        }
        return ((EstResponse.Enrolled) response).certificates().get(0);
    }

    private EstClient client(TlsIdentity identity) throws EdgePkiException {
        X509KeyManager keyManager = identity == null ? null : keys.keyManager(identity.keyId(), identity.chain());
        SSLSocketFactory tls;
        try {
            tls = tlsCache.socketFactory(trusted, keyManager);
        } catch (GeneralSecurityException e) {
            throw new IssuanceException(endpoint.url().getHost(), "TLS could not be set up: " + e.getMessage(), false,
                    e);
        }
        return new EstClient(endpoint.url(), tls, endpoint.username().orElse(null), endpoint.password().orElse(null),
                settings.timeout(), deadline, clock);
    }

    /** The enrolled certificate, then the CAs (EST answers hold only the certificate). */
    private static List<X509Certificate> chain(X509Certificate issued, List<X509Certificate> caCerts) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issued);
        for (X509Certificate ca : caCerts) {
            if (!ca.equals(issued)) {
                chain.add(ca);
            }
        }
        return List.copyOf(chain);
    }

    private static X500Name subjectOf(String certId, byte[] csr) throws IssuanceException {
        try {
            return new PKCS10CertificationRequest(csr).getSubject();
        } catch (IOException | RuntimeException e) {
            throw new IssuanceException(certId, "the certificate request is not a readable PKCS#10 request", false, e);
        }
    }
}
