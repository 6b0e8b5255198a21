package org.edgepki.issuer.local.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
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
        PKCS10CertificationRequest csr = parse(certId, der);
        PublicKey publicKey;
        try {
            publicKey = publicKeyOf(csr.getSubjectPublicKeyInfo());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IssuanceException(certId, "the CSR's public key cannot be read", false, e);
        }
        boolean signatureValid;
        try {
            // The provider chosen for the request's signature algorithm (see CryptoProviders).
            String algorithm = ALGORITHM_NAMES.getAlgorithmName(csr.getSignatureAlgorithm());
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(CryptoProviders.forSignature(algorithm, publicKey))
                    .build(publicKey);
            signatureValid = csr.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new IssuanceException(certId,
                    "the CSR's signature cannot be checked: unsupported key or signature algorithm, or a malformed signature",
                    false, e);
        }
        if (!signatureValid) {
            throw new IssuanceException(certId, "the CSR's signature does not verify with the CSR's public key");
        }
        return new VerifiedCsr(csr.getSubject(), publicKey);
    }

    /** RSA and EC keys by the JDK's key factories, others by Bouncy Castle's (see CryptoProviders). */
    private static PublicKey publicKeyOf(SubjectPublicKeyInfo info) throws GeneralSecurityException, IOException {
        ASN1ObjectIdentifier type = info.getAlgorithm().getAlgorithm();
        String algorithm = PKCSObjectIdentifiers.rsaEncryption.equals(type) ? "RSA"
                : X9ObjectIdentifiers.id_ecPublicKey.equals(type) ? "EC" : type.getId();
        return KeyFactory.getInstance(algorithm, CryptoProviders.forKeys(algorithm))
                .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
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
