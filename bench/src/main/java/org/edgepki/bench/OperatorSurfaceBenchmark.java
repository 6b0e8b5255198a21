package org.edgepki.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.console.pages.CertificateSources;
import org.edgepki.console.pages.CertificatesPage;
import org.edgepki.console.pages.PageRequest;
import org.edgepki.console.pages.PageResponse;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an operator waits for, on the real runtime (quickstart Edge CA plus {@code modules} module
 * server certificates): one run of every readiness check (each certificate's key signs a probe),
 * and the Web Console's Certificates page (inventory of store, keys and renewals; HTML table,
 * chains and SVG timeline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OperatorSurfaceBenchmark {
    @Param({"10", "200"})
    public int modules;

    private EmbeddedRuntime runtime;
    private CheckService checks;
    private CertificateSources sources;
    private final CertificatesPage page = new CertificatesPage();
    private final PageRequest get = new PageRequest("GET", "", Map.of(), "admin", "127.0.0.1:8080", Optional.empty(),
            "/system/console/edgepki-certificates");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = new EmbeddedRuntime(Map.of());
        WorkloadCertificates workload = runtime.service(WorkloadCertificates.class, null);
        workload.edgeCaChain();
        for (int i = 0; i < modules; i++) {
            workload.serverCertificate("module" + i, "gateway.local",
                    List.of(new SubjectAltName(SubjectAltName.Type.DNS, "gateway.local")));
        }
        checks = runtime.service(CheckService.class, null);
        sources = new CertificateSources(runtime.service(CertificateService.class, null),
                runtime.service(KeyService.class, null), runtime.service(CredentialService.class, null),
                runtime.service(TrustBundle.class, null));
        PageResponse first = page.handle(get, sources);
        if (first.status() != 200) {
            throw new IllegalStateException("the page answered " + first.status());
        }
        System.out.printf("%nCertificates page for %d module certificates: %d bytes; check: %d findings%n", modules,
                first.body().length, checks.run().findings().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runtime.close();
    }

    @Benchmark
    public CheckReport checkEverything() throws InterruptedException {
        return checks.run();
    }

    @Benchmark
    public PageResponse certificatesPage() {
        return page.handle(get, sources);
    }
}
