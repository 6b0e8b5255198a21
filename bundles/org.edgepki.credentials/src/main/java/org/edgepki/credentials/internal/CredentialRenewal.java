package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.renewal.RenewalException;
import org.edgepki.common.crypto.CertificationRequests;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.SubjectEntries;
import org.edgepki.common.renewal.InterruptedRenewal;
import org.edgepki.common.renewal.RenewalTemplate;

/**
 * Renews one credential so that a crash at any instant leaves, after {@link #recover}, a
 * certificate that matches its key — the old pair or the new one:
 * <ol>
 * <li>rotate_key: a new key under {@code <id>-temp}; otherwise the current key;</li>
 * <li>a CSR with the current subject and names, issued by the credential's method;</li>
 * <li>the new chain stored under {@code <id>-temp} (one atomic write);</li>
 * <li>commit: the temporary key renamed over the old one, then the temporary chain over the old
 * one (each an atomic rename).</li>
 * </ol>
 * A crash before step 3 leaves at most a temporary key, which recovery deletes; a crash after it
 * leaves a complete new pair, which recovery commits, even when the key was already renamed
 * ({@link InterruptedRenewal}).
 */
final class CredentialRenewal {

    /** The services a renewal uses; each lookup may wait for an updated bundle. */
    interface Dependencies {
        KeyService keys() throws RenewalException;

        CertificateService certs() throws RenewalException;

        org.edgepki.api.issuer.CertificateIssuer issuer(String method) throws RenewalException;
    }

    private final Dependencies services;

    CredentialRenewal(Dependencies services) {
        this.services = services;
    }

    /** Completes a renewal that was interrupted after its new chain was stored, or rolls it back. */
    InterruptedRenewal.Outcome recover(String id) throws RenewalException {
        try {
            return InterruptedRenewal.recover(services.keys(), services.certs(), id);
        } catch (RenewalException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new RenewalException(id, "recovering an interrupted renewal failed: " + e.getMessage(),
                    e.isRetryable(), e);
        }
    }

    /**
     * Renews the credential now.
     *
     * @return the new chain, committed
     */
    List<X509Certificate> renew(ManagedCredential credential) throws RenewalException {
        String id = credential.id();
        String temp = InterruptedRenewal.temporaryId(id);
        try {
            recover(id);
            KeyService keys = services.keys();
            CertificateService certs = services.certs();
            StoredCertificate current = certs.find(id).orElseThrow(() -> new RenewalException(id,
                    "there is no certificate to renew", true, null));
            if (current.preloaded()) {
                throw new RenewalException(id, "is a preloaded file (" + current.location() + "); edgepki never"
                        + " renews files it did not make", false, null);
            }
            KeyPairInfo currentKey = keys.get(id);
            KeyPairInfo key = credential.rotateKey()
                    ? keys.createKeyPairIfNotExists(temp, currentKey.algorithm().preferenceName()) : currentKey;
            RenewalTemplate template = RenewalTemplate.of(current.leaf());
            byte[] csr = CertificationRequests.create(keys, key, credential.subject().isEmpty() ? template.subject()
                    : subject(credential));
            List<X509Certificate> chain = services.issuer(credential.method()).issue(new IssuanceRequest(id, key.id(),
                    csr, template.profile(), template.subjectAltNames(), credential.validity(),
                    credential.issuerId().orElse(null)));
            if (!PublicKeyMatch.sameKey(chain.get(0).getPublicKey(), key.publicKey())) {
                throw new RenewalException(id, "the issuer returned a certificate for another key", false, null);
            }
            certs.store(temp, chain);
            commit(keys, certs, id, credential.rotateKey(), chain.get(0));
            return chain;
        } catch (RenewalException e) {
            rollBackQuietly(id);
            throw e;
        } catch (EdgePkiException e) {
            rollBackQuietly(id);
            throw failure(id, e);
        } catch (RuntimeException | Error e) {
            // an issuer's or store's bug: the attempt fails like any other, and leaves no temporary key behind
            rollBackQuietly(id);
            throw e;
        }
    }

    /**
     * Issues a credential's first certificate: a new key and a certificate for the configured
     * subject, for client authentication (device and EST identities). Nothing is replaced.
     */
    List<X509Certificate> issueFirst(ManagedCredential credential) throws RenewalException {
        String id = credential.id();
        if (credential.subject().isEmpty()) {
            throw new RenewalException(id, "there is no certificate yet and no subject to request one with"
                    + " (common_name or subject)", false, null);
        }
        try {
            KeyService keys = services.keys();
            KeyPairInfo key = keys.createKeyPairIfNotExists(id, "ec-p256:rsa-2048:*");
            byte[] csr = CertificationRequests.create(keys, key, subject(credential));
            List<X509Certificate> chain = services.issuer(credential.method()).issue(new IssuanceRequest(id, id, csr,
                    CertificateProfile.CLIENT, List.of(), credential.validity(), credential.issuerId().orElse(null)));
            if (!PublicKeyMatch.sameKey(chain.get(0).getPublicKey(), key.publicKey())) {
                throw new RenewalException(id, "the issuer returned a certificate for another key", false, null);
            }
            services.certs().store(id, chain);
            return chain;
        } catch (RenewalException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw failure(id, e);
        }
    }

    /** The error of one credential's renewal, without naming the credential twice. */
    static RenewalException failure(String id, EdgePkiException e) {
        return new RenewalException(id, id.equals(e.subject()) ? e.rule() : e.getMessage(), e.isRetryable(), e);
    }

    /**
     * The two renames. The Edge CA setup may recover an interrupted renewal it finds at the same
     * moment and make them first: a rename that fails because its source is gone is then no failure.
     */
    private static void commit(KeyService keys, CertificateService certs, String id, boolean newKey,
            X509Certificate leaf) throws EdgePkiException {
        String temp = InterruptedRenewal.temporaryId(id);
        try {
            if (newKey) {
                keys.move(temp, id);
            }
            certs.move(temp, id);
        } catch (EdgePkiException e) {
            Optional<StoredCertificate> committed = certs.find(id);
            if (committed.isEmpty() || !committed.get().leaf().equals(leaf) || certs.find(temp).isPresent()) {
                throw e;
            }
        }
    }

    /** After a failure before the commit, the temporary key and chain go; the old pair stays. */
    private void rollBackQuietly(String id) {
        try {
            recover(id);
        } catch (RenewalException e) {
            // the next attempt recovers first
        }
    }

    private static X500Name subject(ManagedCredential credential) throws RenewalException {
        try {
            return SubjectEntries.parse(credential.subject().toArray(String[]::new)).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new RenewalException(credential.id(), "its subject is not valid: " + e.getMessage(), false, null);
        }
    }
}
