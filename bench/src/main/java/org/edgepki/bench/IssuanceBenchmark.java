package org.edgepki.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local-CA issuance of a server certificate from an EC P-256 CSR through the real services (issue,
 * then store: temp file, fsync, rename), next to the raw Bouncy Castle bound for the same work
 * (verify the CSR, build and sign the certificate with a key of the Edge CA's size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IssuanceBenchmark {
    private static final String CERT_ID = "aziot-edged/module/bench:server";
    private static final List<SubjectAltName> NAMES = List.of(new SubjectAltName(SubjectAltName.Type.DNS, "gateway.local"));

    private EmbeddedRuntime runtime;
    private CertificateIssuer localCa;
    private CertificateService certificates;
    private byte[] csr;
    private final SecureRandom random = new SecureRandom();
    private final BouncyCastleProvider bouncyCastle = new BouncyCastleProvider();
    private KeyPair rawCaKey;
    private X509Certificate rawCa;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = new EmbeddedRuntime(Map.of());
        runtime.service(WorkloadCertificates.class, null).edgeCaChain();
        localCa = runtime.service(CertificateIssuer.class, "(method=local_ca)");
        certificates = runtime.service(CertificateService.class, null);

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", bouncyCastle);
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair leafKey = ec.generateKeyPair();
        csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=gateway.local"), leafKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bouncyCastle).build(leafKey.getPrivate()))
                .getEncoded();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", bouncyCastle);
        rsa.initialize(2048);
        rawCaKey = rsa.generateKeyPair();
        X500Name caName = new X500Name("CN=raw CA");
        rawCa = new JcaX509CertificateConverter().setProvider(bouncyCastle).getCertificate(
                new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, new Date(), Date.from(Instant.now().plus(Duration.ofDays(90))),
                        caName, rawCaKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(bouncyCastle).build(rawCaKey.getPrivate())));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runtime.close();
    }

    /** Issue through the local_ca issuer and persist through the certificate service. */
    @Benchmark
    public List<X509Certificate> serviceIssueAndStore() throws Exception {
        List<X509Certificate> chain = localCa.issue(new IssuanceRequest(CERT_ID, CERT_ID, csr, CertificateProfile.SERVER,
                NAMES, Duration.ofDays(30), CredentialIds.EDGE_CA));
        certificates.store(CERT_ID, chain);
        return chain;
    }

    /** Issue through the local_ca issuer only. */
    @Benchmark
    public List<X509Certificate> serviceIssue() throws Exception {
        return localCa.issue(new IssuanceRequest(CERT_ID, CERT_ID, csr, CertificateProfile.SERVER, NAMES,
                Duration.ofDays(30), CredentialIds.EDGE_CA));
    }

    /** The raw bound: CSR verification plus certificate building and RSA-2048 signing with Bouncy Castle. */
    @Benchmark
    public X509Certificate rawBouncyCastle() throws Exception {
        JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr).setProvider(bouncyCastle);
        if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(bouncyCastle)
                .build(request.getPublicKey()))) {
            throw new IllegalStateException("bad CSR");
        }
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rawCa,
                new BigInteger(128, random).setBit(0), Date.from(now), Date.from(now.plus(Duration.ofDays(30))),
                request.getSubject(), request.getPublicKey())
                .addExtension(Extension.basicConstraints, false, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "gateway.local")))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(request.getPublicKey()))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(rawCa));
        return new JcaX509CertificateConverter().setProvider(bouncyCastle).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(bouncyCastle).build(rawCaKey.getPrivate())));
    }
}
