package org.edgepki.common.crypto;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;

/**
 * Whether two public keys are the same key. Compares the key values rather than encodings,
 * because the key service, Bouncy Castle and the JDK may each hand over their own key classes,
 * whose encodings are not guaranteed to be byte-identical.
 */
public final class PublicKeyMatch {
    private PublicKeyMatch() {
    }

    /**
     * @param a a public key
     * @param b another public key
     * @return {@code true} if both are the same RSA key, the same EC point on the same curve, or
     *     (for other types) have identical encodings
     */
    public static boolean sameKey(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey rsaA && b instanceof RSAPublicKey rsaB) {
            return rsaA.getModulus().equals(rsaB.getModulus())
                    && rsaA.getPublicExponent().equals(rsaB.getPublicExponent());
        }
        if (a instanceof ECPublicKey ecA && b instanceof ECPublicKey ecB) {
            return ecA.getW().equals(ecB.getW()) && sameDomain(ecA.getParams(), ecB.getParams());
        }
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    private static boolean sameDomain(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }
}
