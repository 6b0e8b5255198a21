package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Each implementation bundle is updated while another thread keeps requesting module
 * certificates: every request succeeds or fails with the documented retryable error within a
 * bounded wait, all succeed again after the swap, state is kept, and no other bundle is touched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapTest extends RuntimeTest {
    private static final List<String> SWAPPED = List.of(
            "org.edgepki.keystore", "org.edgepki.certstore", "org.edgepki.issuer.local", "org.edgepki.edge");
    /** The documented wait (service_timeout_seconds) plus generous scheduling slack. */
    private static final Duration BOUNDED_WAIT = Duration.ofSeconds(10 + 20);

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("hotswap"))};
    }

    @Test
    public void updating_each_implementation_bundle_keeps_state_and_requests_keep_being_served() throws Exception {
        X509Certificate edgeCa = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        Map<Long, Long> lastModified = Arrays.stream(context.getBundles())
                .collect(Collectors.toMap(Bundle::getBundleId, Bundle::getLastModified));
        List<String> lifecycle = Collections.synchronizedList(new ArrayList<>());
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STOPPED || event.getType() == BundleEvent.UNRESOLVED) {
                lifecycle.add(event.getBundle().getSymbolicName());
            }
        };
        context.addBundleListener(listener);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger retryable = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong longestMillis = new java.util.concurrent.atomic.AtomicLong();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<String, X509Certificate> issuers = new ConcurrentHashMap<>();
        Thread requester = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                long started = System.nanoTime();
                WorkloadCertificates workload = services().find(WorkloadCertificates.class, BOUNDED_WAIT);
                try {
                    if (workload == null) {
                        violations.add("the workload service was missing for more than " + BOUNDED_WAIT);
                        continue;
                    }
                    WorkloadCredential credential = workload.serverCertificate("module" + (n++ % 4), "localhost",
                            List.of(new SubjectAltName(SubjectAltName.Type.DNS, "localhost")));
                    issuers.put(credential.chain().get(1).getSerialNumber().toString(), credential.chain().get(1));
                    succeeded.incrementAndGet();
                } catch (WorkloadException e) {
                    if (e.isRetryable()) {
                        retryable.incrementAndGet();
                    } else {
                        violations.add("non-retryable error: " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    violations.add("undocumented error: " + e);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                longestMillis.accumulateAndGet(took.toMillis(), Math::max);
                if (took.compareTo(BOUNDED_WAIT) > 0) {
                    violations.add("a request took " + took.toMillis() + " ms");
                }
            }
        }, "module-certificate-requests");
        requester.start();
        try {
            awaitSuccesses(succeeded, 5);
            for (String symbolicName : SWAPPED) {
                bundle(symbolicName).update();
                int before = succeeded.get();
                awaitSuccesses(succeeded, before + 5);
            }
        } finally {
            running.set(false);
            requester.join(BOUNDED_WAIT.toMillis());
            context.removeBundleListener(listener);
        }

        assertEquals(List.of(), violations);
        assertEquals("every certificate was issued by the one Edge CA", List.of(edgeCa), List.copyOf(issuers.values()));
        assertEquals("state kept: the same Edge CA", edgeCa, services().get(WorkloadCertificates.class).edgeCaChain().get(0));
        List<String> others = lifecycle.stream().filter(name -> !SWAPPED.contains(name)).toList();
        assertEquals("no other bundle was stopped or refreshed", List.of(), others);
        for (Bundle bundle : context.getBundles()) {
            // Equinox stamps the system bundle with the time of any change to the installed set.
            if (bundle.getBundleId() != 0 && !SWAPPED.contains(bundle.getSymbolicName())
                    && lastModified.containsKey(bundle.getBundleId())) {
                assertEquals(bundle.getSymbolicName() + " untouched", lastModified.get(bundle.getBundleId()),
                        Long.valueOf(bundle.getLastModified()));
                assertEquals(bundle.getSymbolicName() + " still active", Bundle.ACTIVE, bundle.getState());
            }
        }
        System.out.printf("hot swap on %s: %d requests succeeded, %d retryable errors, longest request %d ms%n",
                EdgePkiRuntime.framework(), succeeded.get(), retryable.get(), longestMillis.get());
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    private static void awaitSuccesses(AtomicInteger succeeded, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (succeeded.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("requests did not succeed again: " + succeeded.get() + " < " + atLeast);
            }
            Thread.sleep(20);
        }
    }

    /**
     * EventAdmin may start after edgepki, or be swapped: a module certificate issued meanwhile is tracked all the same
     * (the credential service issued it), and one deleted while it is away is forgotten once it is back.
     */
    @Test
    public void module_certificates_issued_or_deleted_while_event_admin_is_away_are_followed() throws Exception {
        CredentialService renewal = services().get(CredentialService.class);
        Bundle eventAdmin = Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.eventadmin".equals(b.getSymbolicName())).findFirst().orElseThrow();
        String id = CredentialIds.moduleIdentity("eventless");
        eventAdmin.stop();
        try {
            services().get(WorkloadCertificates.class).identityCertificate("eventless");
            assertTrue("tracked by construction, with no event: the credential service issued it",
                    renewal.status(id).isPresent());
        } finally {
            eventAdmin.start();
        }
        assertTrue("its renewal is planned", renewal.status(id).orElseThrow().nextAttempt().isPresent());

        eventAdmin.stop();
        try {
            services().get(CertificateService.class).delete(id);
        } finally {
            eventAdmin.start();
        }
        awaitTrue("deleted while EventAdmin was away, " + id + " is no longer tracked",
                () -> renewal.status(id).isEmpty());
    }
}
