package org.edgepki.api.renewal;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Renews every certificate edgepki issues, each by its {@code auto_renew} policy: when it is due,
 * with retries on failure, keeping the old certificate in use until a new one is committed.
 * Thread-safe.
 */
@ProviderType
public interface RenewalService {

    /** @return every managed credential, by id */
    List<RenewalStatus> status();

    /** @return one credential's status, if it is managed */
    Optional<RenewalStatus> status(String credentialId);

    /**
     * Renews a credential now, whatever its due time; returns when the attempt is over.
     *
     * @param credentialId a managed credential id
     * @return its status after the attempt
     * @throws RenewalException if the id is not managed, or the attempt failed (the old certificate
     *     stays in use, and the next retry is planned)
     */
    RenewalStatus renewNow(String credentialId) throws RenewalException;
}
