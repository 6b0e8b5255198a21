package org.edgepki.api.workload;

import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.issuer.SubjectAltName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Module certificates issued from the Edge CA, like IoT Edge's workload API. Thread-safe.
 */
@ProviderType
public interface WorkloadCertificates {

    /** Module name of IoT Edge's hub, whose server certificate is issued at start. */
    String EDGE_HUB = "edgeHub";

    /**
     * Issues a fresh TLS server certificate for a module (id
     * {@code aziot-edged/module/<moduleId>:server}): EKU serverAuth, validity 30 days capped at
     * the Edge CA's notAfter. The module's key (same id) is created on its first request and
     * reused, as IoT Edge's workload API does.
     *
     * @param moduleId the module name, letters, digits and {@code -_.$}
     * @param commonName the subject CN, usually the gateway hostname
     * @param subjectAltNames the names clients connect to; may be empty
     * @return the certificate, its key id and the chain
     * @throws WorkloadException if the input is invalid, or (retryable) the Edge CA is not ready
     */
    WorkloadCredential serverCertificate(String moduleId, String commonName, List<SubjectAltName> subjectAltNames)
            throws WorkloadException;

    /**
     * Issues a fresh TLS client (identity) certificate for a module (id
     * {@code aziot-edged/module/<moduleId>:identity}), CN = the module id, EKU clientAuth.
     *
     * @param moduleId the module name
     * @return the certificate, its key id and the chain
     * @throws WorkloadException if the input is invalid, or (retryable) the Edge CA is not ready
     */
    WorkloadCredential identityCertificate(String moduleId) throws WorkloadException;

    /**
     * @return the Edge CA chain, Edge CA first
     * @throws WorkloadException (retryable) if the Edge CA is not ready
     */
    List<X509Certificate> edgeCaChain() throws WorkloadException;
}
