package org.edgepki.common.crypto;

import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The policy behind {@link CryptoProviders}, one instance per bundle: RSA on {@code SunRsaSign}; EC on {@code SunEC}
 * for the first {@value #BULK_EC_OPERATIONS} EC operations, then on Bouncy Castle; everything else on Bouncy Castle.
 * Thread-safe.
 *
 * <p>Why EC switches: warm, Bouncy Castle is about 8 times faster for EC P-256, but its provider costs about 0.3 s
 * more to make on a cold JVM ({@code bench/ProviderChoiceBenchmark}, {@code bench/ProviderColdStartBenchmark}).
 * A start and a gateway's module renewals do a handful of EC operations and never pay for it; bulk work (an Edge CA
 * rotation re-issuing every module certificate, a burst of new modules) passes the break-even within a few dozen
 * operations and then runs at Bouncy Castle's speed. Both providers take the other's keys.
 */
final class ProviderChoice {
    /** About where making Bouncy Castle's provider pays for itself, measured by the benchmarks above. */
    static final int BULK_EC_OPERATIONS = 64;

    private final Supplier<Provider> bouncyCastle;
    private final AtomicInteger ecOperations = new AtomicInteger();

    /** @param bouncyCastle this bundle's Bouncy Castle provider, made when first asked for */
    ProviderChoice(Supplier<Provider> bouncyCastle) {
        this.bouncyCastle = bouncyCastle;
    }

    /** @see CryptoProviders#forKeys */
    Provider forKeys(String keyAlgorithm) {
        if (keyAlgorithm.equalsIgnoreCase("RSA")) {
            return jdk("SunRsaSign");
        }
        return keyAlgorithm.equalsIgnoreCase("EC") ? ec() : bouncyCastle.get();
    }

    /** @see CryptoProviders#forSignature */
    Provider forSignature(String signatureAlgorithm, Key key) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        String keyAlgorithm = key.getAlgorithm();
        if (name.matches("SHA(224|256|384|512)WITHRSA") && "RSA".equals(keyAlgorithm)) {
            return jdk("SunRsaSign");
        }
        if (name.matches("SHA(224|256|384|512)WITHECDSA") && "EC".equals(keyAlgorithm)) {
            return ec();
        }
        return bouncyCastle.get();
    }

    /** Counts one EC operation; the count stops at the threshold, so it never wraps. */
    private Provider ec() {
        if (ecOperations.get() >= BULK_EC_OPERATIONS || ecOperations.incrementAndGet() > BULK_EC_OPERATIONS) {
            return bouncyCastle.get();
        }
        return jdk("SunEC");
    }

    private Provider jdk(String name) {
        Provider provider = Security.getProvider(name);
        // A JVM configured without it (a trimmed java.security) still works, on Bouncy Castle.
        return provider != null ? provider : bouncyCastle.get();
    }
}
