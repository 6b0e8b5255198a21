package org.edgepki.common.crypto;

import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider for each operation, chosen by measurement on a gateway's workload: the JDK's {@code SunRsaSign}
 * and {@code SunEC} for RSA and EC P-256/P-384 keys and signatures, Bouncy Castle for the rest (encrypted PEM,
 * PKCS#12, the algorithms the JDK lacks).
 *
 * <p>Warm, {@code bench/ProviderChoiceBenchmark} finds {@code SunRsaSign} faster than Bouncy Castle for RSA key
 * generation and as fast for RSA signatures and verification, and Bouncy Castle about 8 times faster for EC P-256:
 * key, signature and verification about 0.4 ms against 3.9 ms for {@code SunEC}. Cold,
 * {@code bench/ProviderColdStartBenchmark} finds the first EC key, signature and verification of a process at
 * 98 ms with {@code SunEC} and 401 ms with Bouncy Castle, whose provider first builds its algorithm table (several
 * hundred classes, kept in memory for the life of the bundle). The JDK is therefore cheaper up to about a hundred
 * EC operations per process, which covers a start and the renewals of a gateway's modules; an Edge CA rotation
 * with 200 module certificates spends about 0.5 s more on {@code SunEC}, out of several seconds. Restarts use
 * neither: they only read certificates, which the JDK's X.509 factory parses.
 *
 * <p>Bouncy Castle's provider is made on first use, once per bundle (this package is copied into each bundle), and
 * never added to the JVM-wide provider list.
 */
public final class CryptoProviders {
    private CryptoProviders() {
    }

    /**
     * @param keyAlgorithm a JCA key algorithm: {@code RSA}, {@code EC}, ...
     * @return the provider that generates and decodes keys of that algorithm
     */
    public static Provider forKeys(String keyAlgorithm) {
        if (keyAlgorithm.equalsIgnoreCase("RSA")) {
            return jdk("SunRsaSign");
        }
        return keyAlgorithm.equalsIgnoreCase("EC") ? jdk("SunEC") : bouncyCastle();
    }

    /**
     * The JDK's providers take only keys that name their algorithm as the JDK does ({@code RSA}, {@code EC}): Bouncy
     * Castle's PEM and PKCS#12 readers name an EC key {@code ECDSA}, which {@code SunEC} refuses, so such a key
     * signs and verifies on Bouncy Castle.
     *
     * @param signatureAlgorithm a JCA signature name, such as {@code SHA256withRSA} or {@code SHA256withECDSA}
     * @param key the private key that signs or the public key that verifies
     * @return the provider that signs or verifies with it
     */
    public static Provider forSignature(String signatureAlgorithm, Key key) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        String keyAlgorithm = key.getAlgorithm();
        if (name.matches("SHA(224|256|384|512)WITHRSA") && "RSA".equals(keyAlgorithm)) {
            return jdk("SunRsaSign");
        }
        if (name.matches("SHA(224|256|384|512)WITHECDSA") && "EC".equals(keyAlgorithm)) {
            return jdk("SunEC");
        }
        return bouncyCastle();
    }

    /** @return this bundle's Bouncy Castle provider, made on first use */
    public static Provider bouncyCastle() {
        return BouncyCastle.PROVIDER;
    }

    private static Provider jdk(String name) {
        Provider provider = Security.getProvider(name);
        // A JVM configured without it (a trimmed java.security) still works, on Bouncy Castle.
        return provider != null ? provider : bouncyCastle();
    }

    /** Holder: the provider is made when first asked for, not when this class loads. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
