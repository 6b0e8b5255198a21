package org.edgepki.api.credential;

import java.util.Objects;
import java.util.Optional;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.key.KeyPairInfo;

/**
 * One certificate id as operators see it (the console's Certificates page, the shell's {@code edgepki:certs}): its
 * chain, its key and its status, each when known.
 *
 * @param id the certificate and key id
 * @param certificate the stored chain, if any
 * @param key the key with the same id, if any
 * @param status its status, when the credential service manages it
 * @param problem why part of it could not be read (a bad file, say), if so
 */
public record InventoryEntry(String id, Optional<StoredCertificate> certificate, Optional<KeyPairInfo> key,
        Optional<CredentialStatus> status, Optional<String> problem) {

    /** Checks that no component is null. */
    public InventoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(problem, "problem");
    }
}
