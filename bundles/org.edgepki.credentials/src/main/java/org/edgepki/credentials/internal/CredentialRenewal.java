package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.CaCertificateRules;
import org.edgepki.common.crypto.CertificationRequests;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.RenewalTemplate;
import org.edgepki.common.crypto.SubjectEntries;

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
        KeyService keys() throws CredentialException;

        CertificateService certs() throws CredentialException;

        CertificateIssuer issuer(String method) throws CredentialException;
    }

    private final Dependencies services;
    private final PairLocks pairs = new PairLocks();

    CredentialRenewal(Dependencies services) {
        this.services = services;
    }

    /** Completes a renewal that was interrupted after its new chain was stored, or rolls it back. */
    InterruptedRenewal.Outcome recover(String id) throws CredentialException {
        try {
            KeyService keys = services.keys();
            CertificateService certs = services.certs();
            return pairs.swapping(id, () -> InterruptedRenewal.recover(keys, certs, id));
        } catch (CredentialException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new CredentialException(id, "recovering an interrupted renewal failed: " + e.subject() + ": "
                    + e.rule(), e.isRetryable(), e);
        }
    }

    /**
     * Renews the credential now: a new certificate for its current subject, names and purpose (or the
     * configured subject and profile, when set), with a new key when {@code rotate_key} says so.
     *
     * @return the new chain, committed
     */
    List<X509Certificate> renew(ManagedCredential credential) throws CredentialException {
        return remake(credential, false);
    }

    /**
     * Replaces the credential's certificate because its settings changed (or its key is gone or does not match):
     * like a renewal, crash-safe, but always with a new key of the configured algorithm, for the configured
     * subject and profile.
     *
     * @return the new chain, committed
     */
    List<X509Certificate> replace(ManagedCredential credential) throws CredentialException {
        return remake(credential, true);
    }

    private List<X509Certificate> remake(ManagedCredential credential, boolean replacement) throws CredentialException {
        String id = credential.id();
        String temp = InterruptedRenewal.temporaryId(id);
        boolean newKey = replacement || credential.rotateKey();
        try {
            recover(id);
            KeyService keys = services.keys();
            CertificateService certs = services.certs();
            StoredCertificate current = certs.find(id).orElseThrow(() -> new CredentialException(id,
                    "there is no certificate to renew", true, null));
            if (current.preloaded()) {
                throw new CredentialException(id, "is a preloaded file (" + current.location() + "); edgepki never"
                        + " renews files it did not make", false, null);
            }
            KeyPairInfo key;
            if (replacement) {
                key = keys.createKeyPairIfNotExists(temp, credential.keyAlgorithm());
            } else {
                KeyPairInfo currentKey = keys.get(id);
                key = newKey ? keys.createKeyPairIfNotExists(temp, currentKey.algorithm().preferenceName()) : currentKey;
            }
            RenewalTemplate template = RenewalTemplate.of(current.leaf());
            CertificateProfile profile = credential.profile().orElse(template.profile());
            byte[] csr = CertificationRequests.create(keys, key, credential.subject().isEmpty() ? template.subject()
                    : subject(credential));
            IssuanceRequest request = new IssuanceRequest(id, key.id(), csr, profile, template.subjectAltNames(),
                    credential.validity(), credential.issuerId().orElse(null), credential.endpoint());
            List<X509Certificate> chain = issue(credential.method(), request);
            checkIssued(id, chain, key, profile);
            certs.store(temp, chain);
            pairs.swapping(id, () -> {
                commit(keys, certs, id, newKey, chain.get(0));
                return null;
            });
            return chain;
        } catch (CredentialException e) {
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
     * Issues a credential's first certificate: a new key (or the one a first issuance interrupted before its
     * certificate was stored) and a certificate for the configured subject and profile. Nothing is replaced.
     */
    List<X509Certificate> issueFirst(ManagedCredential credential) throws CredentialException {
        String id = credential.id();
        if (credential.subject().isEmpty()) {
            throw new CredentialException(id, "there is no certificate yet and no subject to request one with"
                    + " (common_name or subject)", false, null);
        }
        try {
            KeyService keys = services.keys();
            KeyPairInfo key = keys.createKeyPairIfNotExists(id, credential.keyAlgorithm());
            byte[] csr = CertificationRequests.create(keys, key, subject(credential));
            CertificateProfile profile = credential.profile().orElse(CertificateProfile.CLIENT);
            List<X509Certificate> chain = issue(credential.method(), new IssuanceRequest(id, id, csr, profile, List.of(),
                    credential.validity(), credential.issuerId().orElse(null), credential.endpoint()));
            checkIssued(id, chain, key, profile);
            services.certs().store(id, chain);
            return chain;
        } catch (CredentialException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw failure(id, e);
        }
    }

    /**
     * Issues a credential another bundle asked for (a module certificate): with the key its id has, else a new one,
     * for the request's name, names and purpose; the chain is stored in one atomic write (the key is unchanged, so
     * the pair matches whatever instant a crash comes at).
     */
    List<X509Certificate> issueRequested(CredentialRequest request) throws CredentialException {
        String id = request.credentialId();
        try {
            KeyService keys = services.keys();
            KeyPairInfo key = keys.createKeyPairIfNotExists(id, request.keyAlgorithm());
            byte[] csr = CertificationRequests.create(keys, key, CertificationRequests.commonName(request.commonName()));
            List<X509Certificate> chain = issue(request.method(), new IssuanceRequest(id, id, csr, request.profile(),
                    request.subjectAltNames(), request.validity(), request.issuerId()));
            checkIssued(id, chain, key, request.profile());
            services.certs().store(id, chain);
            return chain;
        } catch (CredentialException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw failure(id, e);
        }
    }

    /** An issuance, while nobody swaps the pair of the credential that signs it (the Edge CA for a module). */
    private List<X509Certificate> issue(String method, IssuanceRequest request) throws EdgePkiException {
        CertificateIssuer issuer = services.issuer(method);
        return pairs.reading(request.issuerId(), () -> issuer.issue(request));
    }

    /** What every issuer's answer must be before it is stored: a certificate for the key, usable as asked for. */
    private static void checkIssued(String id, List<X509Certificate> chain, KeyPairInfo key, CertificateProfile profile)
            throws CredentialException {
        if (chain.isEmpty()) {
            throw new CredentialException(id, "the issuer returned no certificate", false, null);
        }
        if (!PublicKeyMatch.sameKey(chain.get(0).getPublicKey(), key.publicKey())) {
            throw new CredentialException(id, "the issuer returned a certificate for another key", false, null);
        }
        if (profile == CertificateProfile.CA) {
            List<String> problems = CaCertificateRules.problems(chain.get(0), true);
            if (!problems.isEmpty()) {
                throw new CredentialException(id, "the issuer returned a certificate that cannot be a CA: "
                        + String.join("; ", problems), false, null);
            }
        }
    }

    /** The error of one credential's renewal, without naming the credential twice. */
    static CredentialException failure(String id, EdgePkiException e) {
        return new CredentialException(id, id.equals(e.subject()) ? e.rule() : e.subject() + ": " + e.rule(),
                e.isRetryable(), e);
    }

    /**
     * The two renames. A recovery running at the same moment (a look after a restart) may make them first: a
     * rename that fails because its source is gone is then no failure.
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
        } catch (CredentialException e) {
            // the next attempt recovers first
        }
    }

    private static X500Name subject(ManagedCredential credential) throws CredentialException {
        try {
            return SubjectEntries.parse(credential.subject().toArray(String[]::new)).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new CredentialException(credential.id(), "its subject is not valid: " + e.getMessage(), false, null);
        }
    }
}
