package org.edgepki.bench;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each operation edgepki's crypto does, on the JDK's providers and on Bouncy Castle, in one run: the measurements
 * behind {@code org.edgepki.common.crypto.CryptoProviders}' choice of provider per operation. Run with
 * {@code make bench BENCH=ProviderChoice}; compare the two {@code provider} values of each method.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProviderChoiceBenchmark {
    /** {@code jdk}: SunRsaSign, SunEC and SUN (X.509); {@code bc}: Bouncy Castle. */
    @Param({"jdk", "bc"})
    public String provider;

    private static final byte[] DATA = new byte[256];

    private KeyPairGenerator rsaGenerator;
    private KeyPairGenerator ecGenerator;
    private Signature rsaSigner;
    private Signature rsaVerifier;
    private Signature ecSigner;
    private Signature ecVerifier;
    private CertificateFactory certificates;
    private byte[] rsaSignature;
    private byte[] ecSignature;
    private byte[] certificate;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Provider bc = new BouncyCastleProvider();
        boolean jdk = provider.equals("jdk");
        Provider rsa = jdk ? Security.getProvider("SunRsaSign") : bc;
        Provider ec = jdk ? Security.getProvider("SunEC") : bc;
        rsaGenerator = KeyPairGenerator.getInstance("RSA", rsa);
        rsaGenerator.initialize(2048);
        ecGenerator = KeyPairGenerator.getInstance("EC", ec);
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rsaKey = rsaGenerator.generateKeyPair();
        KeyPair ecKey = ecGenerator.generateKeyPair();
        rsaSigner = Signature.getInstance("SHA256withRSA", rsa);
        rsaSigner.initSign(rsaKey.getPrivate());
        rsaVerifier = Signature.getInstance("SHA256withRSA", rsa);
        rsaVerifier.initVerify(rsaKey.getPublic());
        ecSigner = Signature.getInstance("SHA256withECDSA", ec);
        ecSigner.initSign(ecKey.getPrivate());
        ecVerifier = Signature.getInstance("SHA256withECDSA", ec);
        ecVerifier.initVerify(ecKey.getPublic());
        rsaSigner.update(DATA);
        rsaSignature = rsaSigner.sign();
        ecSigner.update(DATA);
        ecSignature = ecSigner.sign();
        certificates = CertificateFactory.getInstance("X.509", jdk ? Security.getProvider("SUN") : bc);
        X500Name name = new X500Name("CN=provider choice");
        certificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, rsaKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsaKey.getPrivate())).getEncoded();
    }

    @Benchmark
    public KeyPair generateRsa2048() {
        return rsaGenerator.generateKeyPair();
    }

    @Benchmark
    public KeyPair generateEcP256() {
        return ecGenerator.generateKeyPair();
    }

    @Benchmark
    public byte[] signRsa2048() throws Exception {
        rsaSigner.update(DATA);
        return rsaSigner.sign();
    }

    @Benchmark
    public boolean verifyRsa2048() throws Exception {
        rsaVerifier.update(DATA);
        return rsaVerifier.verify(rsaSignature);
    }

    @Benchmark
    public byte[] signEcP256() throws Exception {
        ecSigner.update(DATA);
        return ecSigner.sign();
    }

    @Benchmark
    public boolean verifyEcP256() throws Exception {
        ecVerifier.update(DATA);
        return ecVerifier.verify(ecSignature);
    }

    @Benchmark
    public X509Certificate parseCertificate() throws Exception {
        return (X509Certificate) certificates.generateCertificate(new ByteArrayInputStream(certificate));
    }
}
