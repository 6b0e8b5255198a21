package org.edgepki.api.cert;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Certificate chains by certificate id. A chain is either preloaded (a configured {@code file:}
 * URI, read where it is and never written) or kept by the store as a PEM file under
 * {@code <home>/certd/certs}. Every change posts an event (see {@link CertificateEvents}).
 * Thread-safe.
 */
@ProviderType
public interface CertificateService {

    /**
     * @param certId the certificate id
     * @return the chain, or empty if none is stored under this id
     * @throws CertificateStoreException if a file exists but is not a valid chain
     */
    Optional<StoredCertificate> find(String certId) throws CertificateStoreException;

    /**
     * @param certId the certificate id
     * @return the chain
     * @throws CertificateStoreException if it does not exist or is not a valid chain
     */
    StoredCertificate get(String certId) throws CertificateStoreException;

    /**
     * Stores a chain atomically, replacing any chain with this id.
     *
     * @param certId the certificate id
     * @param chain the chain, leaf first, not empty
     * @return what was stored
     * @throws CertificateStoreException if the id is preloaded or writing fails
     */
    StoredCertificate store(String certId, List<X509Certificate> chain) throws CertificateStoreException;

    /**
     * Imports a file: a PEM chain, a DER certificate, a PKCS#12 file (with {@code password}), or
     * a PEM holding both the chain and its private key. A private key found in the file goes to
     * the key service under the same id and must match the leaf; nothing is stored otherwise.
     *
     * @param certId the certificate id
     * @param file the file to read
     * @param password the PKCS#12 password, or {@code null}; it is not kept
     * @return what was stored
     * @throws CertificateStoreException naming the file and the rule broken if the file cannot be used
     */
    StoredCertificate importFile(String certId, Path file, char[] password) throws CertificateStoreException;

    /**
     * Deletes a stored chain; deleting a missing chain is not an error.
     *
     * @param certId the certificate id
     * @throws CertificateStoreException if the id is preloaded or deleting fails
     */
    void delete(String certId) throws CertificateStoreException;

    /**
     * Atomically renames a stored chain, replacing any chain with the target id.
     *
     * @param fromCertId the existing id
     * @param toCertId the new id
     * @throws CertificateStoreException if the source is missing or either id is preloaded
     */
    void move(String fromCertId, String toCertId) throws CertificateStoreException;

    /**
     * @return the ids of all chains: preloaded ones and those the store keeps, sorted
     * @throws CertificateStoreException if the store cannot be read
     */
    List<String> ids() throws CertificateStoreException;
}
