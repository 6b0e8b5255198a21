package org.edgepki.api.issuer;

import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Whiteboard service that issues certificates by one method, named by the service property
 * {@value #METHOD}: {@code self_signed}, {@code local_ca} or {@code est}. Thread-safe.
 */
@ProviderType
public interface CertificateIssuer {

    /** Service property naming the issuance method. */
    String METHOD = "method";

    /**
     * Issues a certificate. Issuers verify the CSR's signature, give the certificate a random
     * positive serial, subjectKeyIdentifier (and authorityKeyIdentifier when there is an issuer),
     * and cap the validity at the issuer's own notAfter. The issuer does not store anything.
     *
     * @param request what to issue
     * @return the new certificate followed by the issuer's chain
     * @throws IssuanceException if the request is invalid or the issuer cannot issue now
     */
    List<X509Certificate> issue(IssuanceRequest request) throws IssuanceException;
}
