package org.edgepki.common.crypto;

import org.edgepki.api.key.KeyAlgorithm;

/** The signature algorithm edgepki uses with each key type. */
public final class SignatureAlgorithms {
    private SignatureAlgorithms() {
    }

    /**
     * @param algorithm a key type
     * @return the JCA signature name: SHA-256 with ECDSA or RSA PKCS#1 v1.5, SHA-384 for P-384
     */
    public static String forKey(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            case RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
        };
    }
}
