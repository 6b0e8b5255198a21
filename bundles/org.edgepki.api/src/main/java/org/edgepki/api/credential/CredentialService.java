package org.edgepki.api.credential;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one owner of every managed credential: it issues each one's first certificate, replaces it when
 * its settings change (method, subject, lifetime), renews it by its {@code auto_renew} policy with
 * retries, and completes or rolls back a renewal a crash interrupted, keeping the old certificate in
 * use until a new one is committed. A manual (preloaded) credential is validated and never written.
 * Nothing else writes a managed credential. Thread-safe.
 */
@ProviderType
public interface CredentialService {

    /** @return every managed credential, by id */
    List<CredentialStatus> status();

    /** @return one credential's status, if it is managed */
    Optional<CredentialStatus> status(String credentialId);

    /**
     * The chain a managed credential uses now: the certificate last issued, renewed or (for a manual
     * credential) validated, leaf first. While a replacement or renewal is pending or failing, the previous
     * chain stays in use.
     *
     * @param credentialId a credential id
     * @return the chain, or empty when the credential is not managed or has none usable yet (its status then
     *     says why and when it is tried again)
     */
    Optional<List<X509Certificate>> chainInUse(String credentialId);

    /**
     * Issues a credential another bundle needs (a module certificate, from the Edge CA): with the key its id already
     * has, else a new one; commits it; and manages it from then on, renewed with the same key at 80 % of its lifetime.
     * Asking again (a module's new request, or the Edge CA changed) issues it again the same way.
     *
     * @param request what to issue
     * @return the committed chain, leaf first
     * @throws CredentialException if the id is not a module certificate's ({@link org.edgepki.api.CredentialIds}),
     *     or the issuance failed (nothing was replaced)
     * @since 1.1
     */
    List<X509Certificate> issue(CredentialRequest request) throws CredentialException;

    /**
     * Renews a credential now, whatever its due time; returns when the attempt is over.
     *
     * @param credentialId a managed credential id
     * @return its status after the attempt
     * @throws CredentialException if the id is not managed, or the attempt failed (the old certificate
     *     stays in use, and the next retry is planned)
     */
    CredentialStatus renewNow(String credentialId) throws CredentialException;
}
