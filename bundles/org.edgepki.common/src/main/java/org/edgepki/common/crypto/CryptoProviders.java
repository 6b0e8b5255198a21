package org.edgepki.common.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider for each operation, chosen by measurement ({@code bench/ProviderChoiceBenchmark}, same machine,
 * same run): the JDK's {@code SunRsaSign} generates and signs with RSA keys faster than Bouncy Castle and verifies
 * as fast; Bouncy Castle generates, signs and verifies with EC keys several times faster than {@code SunEC}.
 * Bouncy Castle does everything else (encrypted PEM, PKCS#12, the algorithms the JDK lacks).
 *
 * <p>Bouncy Castle's provider is made on first use, once per bundle (this package is copied into each bundle), and
 * never added to the JVM-wide provider list: building its algorithm table loads several hundred classes (about
 * 0.3 s of a cold start), which a restart that only reads RSA credentials and certificates never pays.
 */
public final class CryptoProviders {
    private CryptoProviders() {
    }

    /**
     * @param keyAlgorithm a JCA key algorithm: {@code RSA}, {@code EC}, ...
     * @return the provider that generates and decodes keys of that algorithm
     */
    public static Provider forKeys(String keyAlgorithm) {
        return keyAlgorithm.equalsIgnoreCase("RSA") ? jdk("SunRsaSign") : bouncyCastle();
    }

    /**
     * @param signatureAlgorithm a JCA signature name, such as {@code SHA256withRSA} or {@code SHA256withECDSA}
     * @return the provider that signs and verifies with it
     */
    public static Provider forSignature(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        boolean pkcs1 = name.matches("SHA(224|256|384|512)WITHRSA");
        return pkcs1 ? jdk("SunRsaSign") : bouncyCastle();
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
