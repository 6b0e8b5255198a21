package org.edgepki.issuer.local.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.common.crypto.CryptoProviders;

/**
 * Parses a DER PKCS#10 request and checks that it is signed by the key it carries, which proves
 * the requester holds that key. Thread-safe.
 */
final class CsrVerifier {
    private static final DefaultAlgorithmNameFinder ALGORITHM_NAMES = new DefaultAlgorithmNameFinder();

    /**
     * @param certId the certificate id the request is for, for messages
     * @param der the DER-encoded request
     * @return its subject and public key
     * @throws IssuanceException (not retryable) if the bytes are not a PKCS#10 request, its key
     *     cannot be read, or its signature does not verify with its own key
     */
    VerifiedCsr verify(String certId, byte[] der) throws IssuanceException {
        PKCS10CertificationRequest parsed = parse(certId, der);
        JcaPKCS10CertificationRequest csr;
        boolean signatureValid;
        try {
            // The provider measured fastest for the request's signature algorithm (see CryptoProviders).
            String algorithm = ALGORITHM_NAMES.getAlgorithmName(parsed.getSignatureAlgorithm());
            Provider provider = CryptoProviders.forSignature(algorithm);
            csr = new JcaPKCS10CertificationRequest(parsed).setProvider(provider);
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(provider)
                    .build(csr.getSubjectPublicKeyInfo());
            signatureValid = csr.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new IssuanceException(certId,
                    "the CSR's signature cannot be checked: unsupported key or signature algorithm, or a malformed signature",
                    false, e);
        }
        if (!signatureValid) {
            throw new IssuanceException(certId, "the CSR's signature does not verify with the CSR's public key");
        }
        try {
            return new VerifiedCsr(csr.getSubject(), csr.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IssuanceException(certId, "the CSR's public key cannot be read", false, e);
        }
    }

    /*
     * Bouncy Castle reports malformed input as IOException for most inputs, but as an unchecked
     * exception for some (empty input yields a NullPointerException, odd structures an
     * IllegalArgumentException); all of them mean the same thing to the requester.
     */
    private static PKCS10CertificationRequest parse(String certId, byte[] der) throws IssuanceException {
        try {
            return new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new IssuanceException(certId, "the CSR is not a DER-encoded PKCS#10 certification request", false, e);
        }
    }
}
