package org.edgepki.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.common.files.AtomicFiles;
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
 * An Edge CA rotation on a gateway with {@value #MODULES} module server certificates, through the real
 * services, next to the raw cryptographic bound measured in the same run; and a first start where
 * {@value #FIRST_START_MODULES} modules ask for their certificates at once.
 *
 * <p><b>Rotation</b> ({@link #rotationReissuesAllModules}): each invocation begins right after the credential
 * service committed a new Edge CA ({@code renewNow(aziot-edged-ca)}, a new RSA-2048 key, in the invocation's
 * setup) and ends when every module certificate in the store was issued by it. The runtime does that work
 * itself, on one thread per core: per module the kept key signs a CSR, local_ca verifies it and signs the
 * certificate with the Edge CA's key, the store writes it (temp file, fdatasync, rename, directory fsync shared
 * with the writes at the same moment). The end is seen by watching the files, so it may be seen up to one
 * directory fsync before the last write returned.
 *
 * <p><b>Raw bound</b>: the same number of modules on the same number of threads (one per core, as the runtime),
 * each: EC P-256 key generation, CSR signature, CSR verification, certificate built and signed with an RSA-2048
 * key, certificate verification, with the fastest of SunEC/SunRsaSign and Bouncy Castle for each operation
 * (chosen in the setup, printed), on keys of the provider that uses them. A rotation keeps the module keys, so
 * {@link #rawBoundKeysKept} (without the key generation) is the like-for-like bound for it;
 * {@link #rawBoundWithKeyGeneration} is the bound as asked for, and the like-for-like one for first issuance;
 * {@link #rawBoundKeysKeptDurable} adds the certificates' durable writes, which the runtime cannot skip.
 *
 * <p><b>First start</b> ({@link #firstStartModulesAtOnce}): a fresh runtime whose Edge CA and edgeHub
 * certificate are ready; {@value #FIRST_START_MODULES} threads each ask for one module's server certificate
 * at once (each a new EC key). Its bound, {@link #rawBoundFirstStart}, is the same work on one thread per core.
 *
 * <p>Ratio to report: bound / actual, from the scores of one run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class RotationBenchmark {
    static final int MODULES = 200;
    static final int FIRST_START_MODULES = 20;
    /** The runtime re-issues on one thread per core; the bounds use as many. */
    static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String HOSTNAME = "gateway.local";
    private static final Duration MODULE_VALIDITY = Duration.ofDays(30);

    /** A runtime whose store holds {@value #MODULES} module server certificates; each invocation a new Edge CA. */
    @State(Scope.Benchmark)
    public static class Gateway {
        EmbeddedRuntime runtime;
        CredentialService credentials;
        CertificateService certificates;
        List<String> moduleIds = new ArrayList<>();
        X509Certificate newEdgeCa;
        CpuTimes cpu;
        /** In the order the runtime issues them again (its store's ids, sorted), so each wait is short. */
        final Map<Path, byte[]> filesBefore = new LinkedHashMap<>();

        @Setup(Level.Trial)
        public void start() throws Exception {
            runtime = new EmbeddedRuntime(Map.of());
            WorkloadCertificates workload = runtime.service(WorkloadCertificates.class, null);
            workload.edgeCaChain();
            credentials = runtime.service(CredentialService.class, null);
            certificates = runtime.service(CertificateService.class, null);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> issued = new ArrayList<>();
                for (int i = 0; i < MODULES; i++) {
                    String moduleId = "module" + i;
                    moduleIds.add(CredentialIds.moduleServer(moduleId));
                    issued.add(pool.submit(() -> workload.serverCertificate(moduleId, HOSTNAME,
                            List.of(new SubjectAltName(SubjectAltName.Type.DNS, moduleId)))));
                }
                for (Future<?> each : issued) {
                    each.get();
                }
            } finally {
                pool.shutdown();
            }
            Collections.sort(moduleIds);
        }

        /** The new Edge CA, committed before the clock starts; and each module's file as it was before. */
        @Setup(Level.Invocation)
        public void rotateEdgeCa() throws Exception {
            filesBefore.clear();
            for (String certId : moduleIds) {
                Path file = Path.of(certificates.get(certId).location());
                filesBefore.put(file, Files.readAllBytes(file));
            }
            credentials.renewNow(CredentialIds.EDGE_CA);
            newEdgeCa = credentials.chainInUse(CredentialIds.EDGE_CA).orElseThrow().get(0);
            cpu = CpuTimes.now();
        }

        /** Where the time went: CPU of the whole process and of the re-issuing threads, next to the wall time. */
        @TearDown(Level.Invocation)
        public void printCpu() {
            System.out.println(cpu.until(CpuTimes.now()));
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            runtime.close();
        }
    }

    /**
     * The runtime issues every module certificate again from the new Edge CA, by itself. The end is watched
     * cheaply, so as not to take the cores the runtime works on: each module's file is read until its bytes
     * change (a few microseconds, every millisecond), and only then parsed and checked against the new Edge CA.
     */
    @Benchmark
    public int rotationReissuesAllModules(Gateway gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        PublicKey edgeCaKey = gateway.newEdgeCa.getPublicKey();
        Iterator<String> certIds = gateway.moduleIds.iterator();
        for (Map.Entry<Path, byte[]> before : gateway.filesBefore.entrySet()) {
            String certId = certIds.next();
            while (Arrays.equals(before.getValue(), Files.readAllBytes(before.getKey()))
                    || !issuedBy(gateway.certificates.find(certId), edgeCaKey)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(certId + " was not issued again from the new Edge CA");
                }
                Thread.sleep(1);
            }
        }
        return gateway.moduleIds.size();
    }

    private static boolean issuedBy(Optional<StoredCertificate> stored, PublicKey issuerKey) {
        if (stored.isEmpty()) {
            return false;
        }
        try {
            stored.get().leaf().verify(issuerKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A fresh runtime with its Edge CA and edgeHub certificate ready. */
    @State(Scope.Benchmark)
    public static class FreshRuntime {
        EmbeddedRuntime runtime;
        WorkloadCertificates workload;
        ExecutorService modules;

        @Setup(Level.Trial)
        public void threads() {
            modules = Executors.newFixedThreadPool(FIRST_START_MODULES);
        }

        @Setup(Level.Invocation)
        public void start() throws Exception {
            runtime = new EmbeddedRuntime(Map.of());
            workload = runtime.service(WorkloadCertificates.class, null);
            workload.edgeCaChain();
            CertificateService certificates = runtime.service(CertificateService.class, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (certificates.find(CredentialIds.moduleServer(WorkloadCertificates.EDGE_HUB)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no edgeHub certificate after 60 s");
                }
                Thread.sleep(10);
            }
        }

        @TearDown(Level.Invocation)
        public void stop() throws Exception {
            runtime.close();
        }

        @TearDown(Level.Trial)
        public void stopThreads() {
            modules.shutdownNow();
        }
    }

    /** {@value #FIRST_START_MODULES} modules ask for their server certificates at once, each on its own thread. */
    @Benchmark
    public int firstStartModulesAtOnce(FreshRuntime fresh) throws Exception {
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < FIRST_START_MODULES; i++) {
            String moduleId = "module" + i;
            requests.add(fresh.modules.submit(() -> fresh.workload.serverCertificate(moduleId, HOSTNAME,
                    List.of(new SubjectAltName(SubjectAltName.Type.DNS, moduleId)))));
        }
        for (Future<?> request : requests) {
            request.get();
        }
        return requests.size();
    }

    /** The raw operations, each with the provider that was fastest for it in the setup. */
    @State(Scope.Benchmark)
    public static class RawCrypto {
        Provider keyGeneration;
        Provider csrSignature;
        Provider csrVerification;
        Provider certificateSignature;
        Provider certificateVerification;
        KeyPair caKey;
        X509CertificateHolder ca;
        List<KeyPair> keptKeys = new ArrayList<>();
        ExecutorService threads;
        Path certificateDirectory;
        final SecureRandom random = new SecureRandom();

        @Setup(Level.Trial)
        public void choose() throws Exception {
            Provider bouncyCastle = new BouncyCastleProvider();
            Provider sunEc = Security.getProvider("SunEC");
            Provider sunRsa = Security.getProvider("SunRsaSign");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", sunRsa);
            rsa.initialize(2048);
            caKey = rsa.generateKeyPair();
            X500Name caName = new X500Name("CN=raw Edge CA");
            ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, new Date(),
                    Date.from(Instant.now().plus(Duration.ofDays(90))), caName, caKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(sunRsa).build(caKey.getPrivate()));

            keyGeneration = faster("EC P-256 key generation", sunEc, bouncyCastle,
                    provider -> ecKey(provider));
            KeyPair sample = ecKey(keyGeneration);
            csrSignature = faster("CSR signature (SHA256withECDSA)", sunEc, bouncyCastle,
                    provider -> csr(sample, provider));
            PKCS10CertificationRequest sampleCsr = csr(sample, csrSignature);
            csrVerification = faster("CSR verification", sunEc, bouncyCastle,
                    provider -> verify(sampleCsr, provider));
            certificateSignature = faster("certificate signature (SHA256withRSA)", sunRsa, bouncyCastle,
                    provider -> certificate(sampleCsr, provider));
            X509CertificateHolder sampleCertificate = certificate(sampleCsr, certificateSignature);
            certificateVerification = faster("certificate verification", sunRsa, bouncyCastle,
                    provider -> verify(sampleCertificate, provider));
            for (int i = 0; i < MODULES; i++) {
                keptKeys.add(ecKey(keyGeneration));
            }
            threads = Executors.newFixedThreadPool(CORES);
            // on the disk the runtimes of the other benchmarks write to
            certificateDirectory = Files.createTempDirectory("edgepki-bench-raw");
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            threads.shutdownNow();
            try (Stream<Path> files = Files.walk(certificateDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }

        CpuTimes cpu;

        @Setup(Level.Invocation)
        public void markCpu() {
            cpu = CpuTimes.now();
        }

        @TearDown(Level.Invocation)
        public void printCpu() {
            System.out.println(cpu.until(CpuTimes.now()));
        }

        /** One module's certificate from scratch: key, CSR, checks, certificate. */
        X509CertificateHolder module(KeyPair key) throws Exception {
            PKCS10CertificationRequest csr = csr(key, csrSignature);
            verify(csr, csrVerification);
            X509CertificateHolder certificate = certificate(csr, certificateSignature);
            verify(certificate, certificateVerification);
            return certificate;
        }

        KeyPair ecKey(Provider provider) throws GeneralSecurityException {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", provider);
            ec.initialize(new ECGenParameterSpec("secp256r1"), random);
            return ec.generateKeyPair();
        }

        private static PKCS10CertificationRequest csr(KeyPair key, Provider provider) throws OperatorException {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + HOSTNAME), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(key.getPrivate()));
        }

        /** The CSR's key decoded by {@code provider} too (SunEC knows no key factory by the EC OID). */
        private static void verify(PKCS10CertificationRequest csr, Provider provider) throws Exception {
            PublicKey key = KeyFactory.getInstance("EC", provider).generatePublic(
                    new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(provider).build(key))) {
                throw new IllegalStateException("bad CSR signature");
            }
        }

        private X509CertificateHolder certificate(PKCS10CertificationRequest csr, Provider provider) throws Exception {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            Instant now = Instant.now();
            return new X509v3CertificateBuilder(ca.getSubject(), new BigInteger(128, random).setBit(0),
                    Date.from(now), Date.from(now.plus(MODULE_VALIDITY)), csr.getSubject(), csr.getSubjectPublicKeyInfo())
                    .addExtension(Extension.basicConstraints, false, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, HOSTNAME)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(csr.getSubjectPublicKeyInfo()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caKey.getPublic()))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(provider).build(caKey.getPrivate()));
        }

        private void verify(X509CertificateHolder certificate, Provider provider) throws Exception {
            if (!certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(provider)
                    .build(caKey.getPublic()))) {
                throw new IllegalStateException("bad certificate signature");
            }
        }

        /** One operation with a provider, as measured to choose between two. */
        interface Operation {
            void run(Provider provider) throws Exception;
        }

        /** @return the provider that did {@code operation} faster (median of five rounds of 50, after 100 to warm up) */
        private static Provider faster(String name, Provider first, Provider second, Operation operation)
                throws Exception {
            long firstNanos = median(first, operation);
            long secondNanos = median(second, operation);
            Provider chosen = firstNanos <= secondNanos ? first : second;
            System.out.printf("%n%s: %s %.3f ms, %s %.3f ms -> %s%n", name, first.getName(), firstNanos / 1e6,
                    second.getName(), secondNanos / 1e6, chosen.getName());
            return chosen;
        }

        private static long median(Provider provider, Operation operation) throws Exception {
            for (int i = 0; i < 100; i++) {
                operation.run(provider);
            }
            long[] rounds = new long[5];
            for (int round = 0; round < rounds.length; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    operation.run(provider);
                }
                rounds[round] = (System.nanoTime() - start) / 50;
            }
            Arrays.sort(rounds);
            return rounds[rounds.length / 2];
        }
    }

    /** The bound as asked for: {@value #MODULES} modules, each with a new key, on one thread per core. */
    @Benchmark
    public int rawBoundWithKeyGeneration(RawCrypto raw) throws Exception {
        return onEveryCore(raw, MODULES, module -> raw.module(raw.ecKey(raw.keyGeneration)));
    }

    /** The like-for-like bound of a rotation: {@value #MODULES} modules with their keys kept, on one thread per core. */
    @Benchmark
    public int rawBoundKeysKept(RawCrypto raw) throws Exception {
        return onEveryCore(raw, MODULES, module -> raw.module(raw.keptKeys.get(module)));
    }

    /**
     * The like-for-like bound of a rotation with its writes durable: {@link #rawBoundKeysKept}, and each certificate
     * written as the store writes it ({@code AtomicFiles}: temp file, fdatasync, rename, directory fsync shared with
     * the writes at the same moment) into one directory, on one thread per core. On a disk whose journal serialises
     * fsyncs, the writes set a floor that no number of threads lowers.
     */
    @Benchmark
    public int rawBoundKeysKeptDurable(RawCrypto raw) throws Exception {
        return onEveryCore(raw, MODULES, module -> {
            X509CertificateHolder certificate = raw.module(raw.keptKeys.get(module));
            AtomicFiles.write(raw.certificateDirectory.resolve("module" + module + ".cer"), certificate.getEncoded(),
                    AtomicFiles.PUBLIC_FILE);
        });
    }

    /** The bound of the first start: {@value #FIRST_START_MODULES} modules, each with a new key, on one thread per core. */
    @Benchmark
    public int rawBoundFirstStart(RawCrypto raw) throws Exception {
        return onEveryCore(raw, FIRST_START_MODULES, module -> raw.module(raw.ecKey(raw.keyGeneration)));
    }

    /** One module's raw work. */
    interface ModuleWork {
        void run(int module) throws Exception;
    }

    /** Modules {@code 0..count-1}, shared out over one thread per core; returns when all are done. */
    private static int onEveryCore(RawCrypto raw, int count, ModuleWork work) throws Exception {
        List<Future<?>> shares = new ArrayList<>();
        for (int thread = 0; thread < CORES; thread++) {
            int first = thread;
            shares.add(raw.threads.submit(() -> {
                for (int module = first; module < count; module += CORES) {
                    work.run(module);
                }
                return null;
            }));
        }
        for (Future<?> share : shares) {
            share.get();
        }
        return count;
    }
}
