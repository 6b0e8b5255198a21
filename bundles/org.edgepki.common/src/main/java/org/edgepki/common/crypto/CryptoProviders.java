package org.edgepki.common.crypto;

import java.security.Key;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider for each operation, chosen by measurement on a gateway's workload (see {@link ProviderChoice}):
 * the JDK's {@code SunRsaSign} for RSA keys and signatures; for EC P-256/P-384 keys and ECDSA, {@code SunEC} while
 * the work is small (a start, a few renewals) and Bouncy Castle once it is bulk (an Edge CA rotation); Bouncy
 * Castle for the rest (encrypted PEM, PKCS#12, the algorithms the JDK lacks).
 *
 * <p>Warm, {@code bench/ProviderChoiceBenchmark} finds {@code SunRsaSign} faster than Bouncy Castle for RSA key
 * generation and as fast for RSA signatures and verification, and Bouncy Castle about 8 times faster for EC P-256:
 * key, signature and verification about 0.4 ms against 3.9 ms for {@code SunEC}. Cold,
 * {@code bench/ProviderColdStartBenchmark} finds the first EC key, signature and verification of a process at
 * 98 ms with {@code SunEC} and 401 ms with Bouncy Castle, whose provider first builds its algorithm table (several
 * hundred classes, kept in memory for the life of the bundle). Restarts use neither: they only read certificates,
 * which the JDK's X.509 factory parses.
 *
 * <p>Bouncy Castle's provider is made on first use, once per bundle (this package is copied into each bundle), and
 * never added to the JVM-wide provider list.
 */
public final class CryptoProviders {
    private static final ProviderChoice CHOICE = new ProviderChoice(CryptoProviders::bouncyCastle);

    private CryptoProviders() {
    }

    /**
     * @param keyAlgorithm a JCA key algorithm: {@code RSA}, {@code EC}, ...
     * @return the provider that generates and decodes keys of that algorithm
     */
    public static Provider forKeys(String keyAlgorithm) {
        return CHOICE.forKeys(keyAlgorithm);
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
        return CHOICE.forSignature(signatureAlgorithm, key);
    }

    /** @return this bundle's Bouncy Castle provider, made on first use */
    public static Provider bouncyCastle() {
        return BouncyCastle.PROVIDER;
    }

    /** Holder: the provider is made when first asked for, not when this class loads. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
