package org.edgepki.certstore.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.common.crypto.CryptoProviders;

/**
 * Checks that a private key belongs to a certificate by signing a challenge with the key and
 * verifying it with the certificate's public key. This works for every key type without deriving
 * public keys from private ones.
 */
final class KeyMatch {
    static final String MISMATCH_RULE = "holds a private key that does not match the certificate "
            + "(the first certificate in the file); nothing was stored";
    private static final byte[] CHALLENGE = "edgepki key match".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    /**
     * @param key the private key
     * @param leaf the certificate it must belong to
     * @param file the file both came from, for messages
     * @throws CertificateStoreException naming the file if the key does not match or cannot be used
     */
    static void requireMatch(PrivateKey key, X509Certificate leaf, Path file)
            throws CertificateStoreException {
        String algorithm = signatureAlgorithmFor(key, file);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm, CryptoProviders.forSignature(algorithm, key));
            signer.initSign(key);
            signer.update(CHALLENGE);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new CertificateStoreException(file.toString(),
                    "holds a " + key.getAlgorithm() + " private key that cannot sign", false, e);
        }
        boolean matches;
        try {
            Signature verifier = Signature.getInstance(algorithm,
                    CryptoProviders.forSignature(algorithm, leaf.getPublicKey()));
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(CHALLENGE);
            matches = verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            // The certificate's key is of another type or size than the private key.
            throw new CertificateStoreException(file.toString(), MISMATCH_RULE, false, e);
        } catch (GeneralSecurityException e) {
            throw new CertificateStoreException(file.toString(),
                    "cannot check the private key against the certificate (" + e.getMessage() + ")", false, e);
        }
        if (!matches) {
            throw new CertificateStoreException(file.toString(), MISMATCH_RULE);
        }
    }

    private static String signatureAlgorithmFor(PrivateKey key, Path file) throws CertificateStoreException {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> throw new CertificateStoreException(file.toString(),
                    "holds a " + key.getAlgorithm() + " private key; only RSA, EC and EdDSA keys are supported");
        };
    }
}
