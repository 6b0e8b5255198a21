package org.edgepki.common.crypto;

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
 * generation and signing and as fast for verification, and Bouncy Castle several times faster for EC operations
 * (hundreds of microseconds per operation). But Bouncy Castle's provider first builds its algorithm table: about
 * 0.4 s and several hundred classes on a cold JVM, against about 0.08 s for {@code SunEC}'s first key, signature
 * and verification. A gateway does a few EC operations per module per renewal, so the JDK is cheaper for it until
 * several hundred of them in one process lifetime, and keeps that table out of its start and of its memory.
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
     * @param signatureAlgorithm a JCA signature name, such as {@code SHA256withRSA} or {@code SHA256withECDSA}
     * @return the provider that signs and verifies with it
     */
    public static Provider forSignature(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        if (name.matches("SHA(224|256|384|512)WITHRSA")) {
            return jdk("SunRsaSign");
        }
        return name.matches("SHA(224|256|384|512)WITHECDSA") ? jdk("SunEC") : bouncyCastle();
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
