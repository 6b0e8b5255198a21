package org.edgepki.bench;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.issuer.est.internal.EnrollmentDeadline;
import org.edgepki.issuer.est.internal.EstClient;
import org.edgepki.issuer.est.internal.EstResponse;
import org.edgepki.issuer.est.internal.EstTls;
import org.edgepki.issuer.est.internal.TestEstServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One EST enrollment round trip ({@code /simpleenroll}, HTTP Basic, TLS 1.2 on loopback) against
 * the test EST server, warm: with one TLS context for all requests (session resumption and a kept
 * alive connection), and with a new context per enrollment (a full handshake each time, as the EST
 * issuer does today). The server signs with P-256 in the same JVM. (The client's classes are
 * public inside the bundle's private package, for this benchmark.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EstEnrollmentBenchmark {
    private TestEstServer server;
    private SSLContext shared;
    private byte[] csr;

    @Setup
    public void start() throws Exception {
        server = TestEstServer.start();
        server.auth = TestEstServer.Auth.BASIC;
        shared = EstTls.context(List.of(server.caCertificate), null);
        KeyPair key = TestEstServer.ecKey();
        csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }

    @TearDown
    public void stop() {
        server.close();
    }

    /** The test server's throwaway Basic credentials (a constant of the test server, never logged). */
    private EstResponse enroll(SSLContext tls) throws Exception {
        return new EstClient(server.url(), tls.getSocketFactory(), TestEstServer.USERNAME,
                TestEstServer.PASSWORD.toCharArray(), Duration.ofSeconds(10),
                new EnrollmentDeadline(Duration.ofMinutes(2), null), Clock.systemUTC()).simpleEnroll(csr);
    }

    @Benchmark
    public EstResponse enrollWithSessionReuse() throws Exception {
        return enroll(shared);
    }

    @Benchmark
    public EstResponse enrollWithFullHandshake() throws Exception {
        return enroll(EstTls.context(List.of(server.caCertificate), null));
    }
}
