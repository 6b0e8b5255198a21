package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * A gateway under load for {@code edgepki.soak.seconds} (60 in {@code make test}, 600 in {@code make soak}): four
 * threads ask for module server and identity certificates without pause, the Edge CA is issued by EST with a
 * 150-second lifetime that starts a minute early (so it is re-enrolled every 15 s or so, and the module certificates
 * issued again from it), the EST bundle is updated
 * every 30 s and config.toml is edited every 15 s. At the end no credential is lost and no certificate is paired with
 * another key, no request failed for good, and the threads and file descriptors are where they were (the heap is
 * reported). The equinox execution leaves it out: it runs once. It found module certificates refused while the Edge CA's new key and certificate were being swapped
 * (the issuer saw the new key beside the old certificate), which {@code PairLocks} now prevents.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SoakTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-soak.local";
    private static final String EST_BUNDLE = "org.edgepki.issuer.est";
    private static final int MODULES = 8;

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("soak");
        EstServerBeside.start(home);
        Files.writeString(home.resolve("est/knobs.properties"), "auth=EITHER\nhonour_csr_extensions=true\n"
                + "issued_lifetime_seconds=150\n");
        Files.writeString(EdgePkiRuntime.configToml(home), config(home, "50%"));
        return new Option[] {EdgePkiRuntime.options(home),
            frameworkProperty("edgepki.soak.seconds").value(System.getProperty("edgepki.soak.seconds", "60"))};
    }

    @Test
    public void a_gateway_under_load_loses_nothing_and_leaks_nothing() throws Exception {
        Duration length = Duration.ofSeconds(Long.parseLong(context.getProperty("edgepki.soak.seconds")));
        CertificateService certs = services().get(CertificateService.class);
        X509Certificate estCa = Pem.parse(Files.readString(home().resolve("pki/est-ca.pem"))).get(0);
        awaitTrue("the Edge CA is issued by EST", () -> certs.find(CredentialIds.EDGE_CA).isPresent()
                && certs.get(CredentialIds.EDGE_CA).leaf().getIssuerX500Principal().equals(estCa.getSubjectX500Principal()));
        AtomicInteger renewals = new AtomicInteger();
        AtomicInteger edgeCaRenewals = new AtomicInteger();
        context.registerService(EventHandler.class, event -> {
            renewals.incrementAndGet();
            if (CredentialIds.EDGE_CA.equals(event.getProperty(CredentialEvents.CREDENTIAL_ID))) {
                edgeCaRenewals.incrementAndGet();
            }
        }, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, CredentialEvents.TOPIC_RENEWED)));
        WorkloadCertificates workload = services().get(WorkloadCertificates.class);
        for (int i = 0; i < MODULES; i++) {
            workload.identityCertificate("soak" + i); // warm up: every module has its key and certificate
        }
        Resources start = Resources.now();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger retryable = new AtomicInteger();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Set<String> issued = ConcurrentHashMap.newKeySet();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.execute(() -> {
                for (int n = 0; running.get(); n++) {
                    String module = "soak" + (n + thread) % MODULES;
                    try {
                        issued.add(n % 2 == 0 ? workload.identityCertificate(module).certId()
                                : workload.serverCertificate(module, module, List.of(new SubjectAltName(SubjectAltName.Type.DNS, module)))
                                        .certId());
                        served.incrementAndGet();
                    } catch (WorkloadException e) {
                        if (e.isRetryable()) {
                            retryable.incrementAndGet();
                        } else {
                            failures.put(module, e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        failures.put(module, e.toString());
                    }
                }
            });
        }
        Bundle est = bundle(EST_BUNDLE);
        long end = System.nanoTime() + length.toNanos();
        int updates = 0;
        int edits = 0;
        for (long tick = 1; System.nanoTime() < end; tick++) {
            Thread.sleep(1_000);
            if (tick % 30 == 0) {
                try (InputStream same = Files.newInputStream(Path.of(java.net.URI.create(est.getLocation())))) {
                    est.update(same);
                }
                updates++;
            }
            if (tick % 15 == 0) {
                saveConfigToml(config(home(), edits % 2 == 0 ? "55%" : "50%"));
                edits++;
            }
        }
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));

        Set<String> mismatched = new TreeSet<>();
        Set<String> lost = new TreeSet<>();
        KeyService keys = services().get(KeyService.class);
        List<String> ids = new ArrayList<>(issued);
        ids.add(CredentialIds.EDGE_CA);
        for (String id : ids) {
            if (certs.find(id).isEmpty() || keys.find(id).isEmpty()) {
                lost.add(id);
            } else if (!keys.get(id).publicKey().equals(certs.get(id).leaf().getPublicKey())) {
                mismatched.add(id);
            }
        }
        Resources finish = Resources.now();
        System.out.printf("SOAK %d s: %d certificates served, %d retryable refusals, %d failures, %d issuances and"
                + " renewals (%d of the Edge CA by EST),"
                + " %d EST bundle updates, %d config.toml edits, %d mismatched pairs, %d lost credentials;"
                + " threads %d -> %d, file descriptors %d -> %d, heap %d MiB -> %d MiB%n", length.toSeconds(), served.get(),
                retryable.get(), failures.size(), renewals.get(), edgeCaRenewals.get(), updates, edits, mismatched.size(), lost.size(),
                start.threads(), finish.threads(), start.descriptors(), finish.descriptors(), start.heapMiB(),
                finish.heapMiB());
        assertEquals("failures: " + failures, Map.of(), failures);
        assertEquals(Set.of(), mismatched);
        assertEquals(Set.of(), lost);
        assertTrue("certificates were served", served.get() > 0);
        assertTrue("the Edge CA was renewed under load", edgeCaRenewals.get() > 0);
        assertTrue("threads " + start.threads() + " -> " + finish.threads(), finish.threads() <= start.threads() + 8);
        assertTrue("file descriptors " + start.descriptors() + " -> " + finish.descriptors(),
                finish.descriptors() <= start.descriptors() + 32);
    }

    private static String config(Path home, String threshold) throws IOException {
        return "hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nmethod = \"est\"\nusername = \"estuser\"\npassword = \"estpwd\"\n\n"
                + "[edge_ca.auto_renew]\nrotate_key = true\nthreshold = \"" + threshold + "\"\nretry = \"10%\"\n\n"
                + "[cert_issuance.est]\ntrusted_certs = [\"" + home.resolve("pki/est-ca.pem").toUri() + "\"]\n\n"
                + "[cert_issuance.est.urls]\ndefault = \"" + Files.readString(home.resolve("est/url")) + "\"\n";
    }

    private Bundle bundle(String symbolicName) {
        return Stream.of(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }

    /** Threads, open file descriptors and the heap in use after a collection. */
    private record Resources(int threads, long descriptors, long heapMiB) {
        static Resources now() throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            long descriptors;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                descriptors = fds.count();
            }
            return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), descriptors, heap);
        }
    }
}
