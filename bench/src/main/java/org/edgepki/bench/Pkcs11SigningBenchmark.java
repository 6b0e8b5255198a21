package org.edgepki.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.key.KeyService;
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
 * ECDSA P-256 signatures per second with the key on a SoftHSM2 token: through edgepki's key
 * service (PKCS#11 bridge, key found by label on every call) next to the JDK's SunPKCS11 signing
 * with a key it generated itself, on the same token in the same run. Needs SOFTHSM2_CONF in the
 * environment (`make bench` sets it) and softhsm2-util.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Pkcs11SigningBenchmark {
    /** The user PIN of the throwaway SoftHSM2 token this benchmark creates under bench/target; not a secret. */
    private static final String PIN = "1234";
    private final byte[] data = new byte[256];
    private EmbeddedRuntime runtime;
    private KeyService keys;
    private Signature sunPkcs11;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String library = library();
        String token = newToken();
        Path config = Files.createTempFile("edgepki-bench", ".toml");
        Files.writeString(config, "[aziot_keys]\npkcs11_lib_path = \"" + library + "\"\npkcs11_base_slot = \"pkcs11:token="
                + token + "?pin-value=" + PIN + "\"\n");
        runtime = new EmbeddedRuntime(Map.of("edgepki.config", config.toString()));
        keys = runtime.service(KeyService.class, null);
        keys.createKeyPairIfNotExists("bench-key", "ec-p256");

        Provider provider = Security.getProvider("SunPKCS11").configure("--name=bench\nlibrary=" + library
                + "\nslotListIndex=0\n");
        java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, PIN.toCharArray());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        sunPkcs11 = Signature.getInstance("SHA256withECDSA", provider);
        sunPkcs11.initSign(pair.getPrivate());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runtime.close();
    }

    /** KeyService.sign: routing, key lookup by label on the token, C_Sign, DER encoding. */
    @Benchmark
    public byte[] key_service_on_token() throws Exception {
        return keys.sign("bench-key", "SHA256withECDSA", data);
    }

    /** The JDK's SunPKCS11 with a key handle it holds: the floor for this token. */
    @Benchmark
    public byte[] raw_sunpkcs11() throws Exception {
        sunPkcs11.update(data);
        return sunPkcs11.sign();
    }

    private static String newToken() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("set SOFTHSM2_CONF (make bench does)");
        }
        Path file = Path.of(conf);
        Path tokens = Files.createDirectories(file.resolveSibling("tokens"));
        Files.writeString(file, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        String label = "bench" + UUID.randomUUID().toString().substring(0, 6);
        Process process = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin",
                "5678" /* its security officer PIN, as throwaway */, "--pin", PIN).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("softhsm2-util failed: " + output);
        }
        return label;
    }

    private static String library() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("SoftHSM2 is not installed");
    }
}
