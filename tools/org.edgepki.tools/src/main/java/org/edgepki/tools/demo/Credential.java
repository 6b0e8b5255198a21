package org.edgepki.tools.demo;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate and its private key. */
record Credential(X509Certificate certificate, PrivateKey privateKey) {
    Credential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Signs and verifies a random challenge: works for any RSA or EC key, including keys written
     * by other tools whose PKCS#8 encoding carries no public key to compare.
     *
     * @return whether the private key belongs to the certificate's public key
     */
    boolean keyMatchesCertificate(Provider provider, SecureRandom random) {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        try {
            String algorithm = DemoIssuer.signatureAlgorithmFor(privateKey);
            Signature signer = Signature.getInstance(algorithm, provider);
            signer.initSign(privateKey, random);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, provider);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key of another type than the certificate's cannot even be tried: not a match.
            return false;
        }
    }
}
