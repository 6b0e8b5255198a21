package org.edgepki.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first EC key, signature and verification of a fresh JVM, provider included: what a start or a rare renewal
 * pays, next to {@link ProviderChoiceBenchmark}'s warm cost per operation. One shot per fork; run with
 * {@code make bench BENCH=ProviderColdStart}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class ProviderColdStartBenchmark {
    /** {@code jdk}: SunEC; {@code bc}: a new Bouncy Castle provider. */
    @Param({"jdk", "bc"})
    public String provider;

    @Benchmark
    public boolean firstEcKeySignatureAndVerification() throws Exception {
        Provider ec = provider.equals("jdk") ? Security.getProvider("SunEC") : new BouncyCastleProvider();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", ec);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSA", ec);
        signer.initSign(pair.getPrivate());
        signer.update(new byte[256]);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA", ec);
        verifier.initVerify(pair.getPublic());
        verifier.update(new byte[256]);
        return verifier.verify(signature);
    }
}
