package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadEvents;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The quickstart Edge CA renewed by config.toml's auto_renew, in real time: on request, while its
 * issuer is away (the old CA stays, the attempt fails retryably) and back, and by itself when the
 * absolute threshold is reached. A DPS device identity issued by a local CA is issued when first
 * configured and renewed by its own policy. Each renewal rotates the key, keeps the subject, and the edgeHub
 * certificate is issued again from the new Edge CA without a restart, as is every other module
 * certificate (announced by EDGE_CA_ROTATED); module certificates are tracked by the scheduler.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RenewalTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-renew.local";

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("renewal");
        TestPki pki = new TestPki();
        TestPki.Issued localCa = pki.goodEdgeCa();
        Path caFile = pki.writeChain(Files.createDirectories(home.resolve("pki")).resolve("local-ca.pem"),
                localCa.certificate());
        Path caKey = pki.writeKey(home.resolve("pki").resolve("local-ca.key.pem"), localCa.key());
        // One-day certificates renewed 1439 minutes before they expire: one minute after they are made.
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\n"
                + "auto_generated_edge_ca_expiry_days = 1\n\n[edge_ca.auto_renew]\nrotate_key = true\n"
                + "threshold = \"1439min\"\nretry = \"1min\"\n\n"
                + "[provisioning]\nsource = \"dps\"\nglobal_endpoint = \"https://global.azure-devices-provisioning.net\"\n"
                + "id_scope = \"0ab1234C5D6\"\n\n[provisioning.attestation]\nmethod = \"x509\"\nregistration_id = \"gw1\"\n\n"
                + "[provisioning.attestation.identity_cert]\nmethod = \"local_ca\"\ncommon_name = \"gw1\"\nexpiry_days = 1\n\n"
                + "[provisioning.attestation.identity_cert.auto_renew]\nrotate_key = true\nthreshold = \"1439min\"\n"
                + "retry = \"1min\"\n\n[cert_issuance.local_ca]\ncert = \"" + caFile.toUri() + "\"\npk = \""
                + caKey.toUri() + "\"\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    @Test
    public void the_edge_ca_is_renewed_on_request_through_an_issuer_outage_and_when_due() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, CredentialEvents.TOPIC_PREFIX + "*"));
        context.registerService(EventHandler.class, events::add, topics);
        X509Certificate first = edgeCa();
        // the device identity: issued by the local CA when it is first configured
        X509Certificate firstIdentity = awaitCertificate(CredentialIds.DEVICE_ID);
        assertEquals("CN=gw1", firstIdentity.getSubjectX500Principal().getName());
        assertEquals(services().get(CertificateService.class).get(CredentialIds.DEVICE_ID).chain().get(1)
                .getSubjectX500Principal(), firstIdentity.getIssuerX500Principal());
        CredentialService renewal = services().get(CredentialService.class);
        awaitTrue("the Edge CA is managed", () -> renewal.status(CredentialIds.EDGE_CA).isPresent());
        CredentialStatus status = renewal.status(CredentialIds.EDGE_CA).orElseThrow();
        assertTrue(status.policy(), status.policy().contains("rotate key"));
        assertTrue("the renewal is planned", status.nextAttempt().isPresent());

        // a module's identity certificate, issued from the first Edge CA, is tracked by the scheduler
        BlockingQueue<Event> rotations = new LinkedBlockingQueue<>();
        context.registerService(EventHandler.class, rotations::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, WorkloadEvents.TOPIC_EDGE_CA_ROTATED)));
        String sensorId = CredentialIds.moduleIdentity("tempSensor");
        X509Certificate sensor = services().get(WorkloadCertificates.class).identityCertificate("tempSensor").chain().get(0);
        assertEquals(first.getSubjectX500Principal(), sensor.getIssuerX500Principal());
        awaitTrue("the module certificate is tracked", () -> renewal.status(sensorId).isPresent());
        assertTrue(renewal.status(sensorId).orElseThrow().policy(), renewal.status(sensorId).orElseThrow().policy()
                .startsWith("keep key, renew at 80%"));
        assertTrue("its renewal is planned", renewal.status(sensorId).orElseThrow().nextAttempt().isPresent());
        // and more modules, whose certificates are issued again at once (one thread per core)
        Map<String, X509Certificate> others = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            others.put(CredentialIds.moduleIdentity("module" + i),
                    services().get(WorkloadCertificates.class).identityCertificate("module" + i).chain().get(0));
        }

        // on request
        renewal.renewNow(CredentialIds.EDGE_CA);
        X509Certificate second = awaitNewEdgeCa(first);
        assertEquals(first.getSubjectX500Principal(), second.getSubjectX500Principal());
        assertNotEquals("rotate_key: a new key", first.getPublicKey(), second.getPublicKey());
        assertEquals(second.getPublicKey(), services().get(KeyService.class).get(CredentialIds.EDGE_CA).publicKey());
        awaitEvent(events, CredentialEvents.TOPIC_RENEWED, CredentialIds.EDGE_CA);
        awaitEdgeHubFrom(second);

        // every module certificate from the old Edge CA is issued again, with its key, and announced
        Event rotated = rotations.poll(30, TimeUnit.SECONDS);
        assertTrue("EDGE_CA_ROTATED was posted", rotated != null);
        assertEquals(Pem.thumbprint(second), rotated.getProperty(WorkloadEvents.EDGE_CA_THUMBPRINT));
        assertEquals(List.of(second), Pem.parse((String) rotated.getProperty(WorkloadEvents.EDGE_CA_CHAIN_PEM)));
        assertTrue(Arrays.toString((String[]) rotated.getProperty(WorkloadEvents.REISSUED_CERT_IDS)),
                Arrays.asList((String[]) rotated.getProperty(WorkloadEvents.REISSUED_CERT_IDS)).contains(sensorId));
        assertEquals(0, ((String[]) rotated.getProperty(WorkloadEvents.FAILED_CERT_IDS)).length);
        StoredCertificate reissued = services().get(CertificateService.class).get(sensorId);
        assertEquals(second, reissued.chain().get(1));
        reissued.leaf().verify(second.getPublicKey());
        assertEquals(sensor.getSubjectX500Principal(), reissued.leaf().getSubjectX500Principal());
        assertEquals("the module keeps its key", sensor.getPublicKey(), reissued.leaf().getPublicKey());
        List<String> reissuedIds = Arrays.asList((String[]) rotated.getProperty(WorkloadEvents.REISSUED_CERT_IDS));
        assertEquals("sorted", reissuedIds.stream().sorted().toList(), reissuedIds);
        for (Map.Entry<String, X509Certificate> other : others.entrySet()) {
            assertTrue(other.getKey(), reissuedIds.contains(other.getKey()));
            X509Certificate again = services().get(CertificateService.class).get(other.getKey()).leaf();
            again.verify(second.getPublicKey());
            assertEquals(other.getKey() + " keeps its key", other.getValue().getPublicKey(), again.getPublicKey());
        }

        // the issuer is away: the attempt fails retryably and the Edge CA in use stays
        Bundle issuers = bundle("org.edgepki.issuer.local");
        issuers.stop();
        try {
            CredentialException error = null;
            try {
                renewal.renewNow(CredentialIds.EDGE_CA);
            } catch (CredentialException e) {
                error = e;
            }
            assertTrue("the renewal failed while the issuer was away", error != null);
            assertTrue(error.getMessage(), error.isRetryable());
            assertEquals(second, edgeCa());
            assertEquals(second.getPublicKey(), services().get(KeyService.class).get(CredentialIds.EDGE_CA).publicKey());
            Event failed = awaitEvent(events, CredentialEvents.TOPIC_RENEWAL_FAILED, CredentialIds.EDGE_CA);
            assertTrue(failed.getProperty(CredentialEvents.NEXT_ATTEMPT) instanceof Long);
            assertTrue(renewal.status(CredentialIds.EDGE_CA).orElseThrow().lastError().isPresent());
        } finally {
            issuers.start();
        }

        // by itself, when the threshold is reached (a minute after the certificate was made)
        X509Certificate third = awaitNewEdgeCa(second, Duration.ofSeconds(150));
        assertEquals(first.getSubjectX500Principal(), third.getSubjectX500Principal());
        assertNotEquals("rotate_key again", second.getPublicKey(), third.getPublicKey());
        awaitEdgeHubFrom(third);

        // the device identity renews by its own policy, with a new key and the same subject
        X509Certificate renewedIdentity = awaitNewCertificate(CredentialIds.DEVICE_ID, firstIdentity, Duration.ofSeconds(60));
        assertEquals("CN=gw1", renewedIdentity.getSubjectX500Principal().getName());
        assertNotEquals(firstIdentity.getPublicKey(), renewedIdentity.getPublicKey());
        assertEquals(renewedIdentity.getPublicKey(),
                services().get(KeyService.class).get(CredentialIds.DEVICE_ID).publicKey());
        assertTrue(renewal.status(CredentialIds.DEVICE_ID).orElseThrow().lastError().isEmpty());
        assertTrue(renewal.status(CredentialIds.EDGE_CA).orElseThrow().lastError().isEmpty());
        assertEquals(List.of(), Arrays.stream(context.getBundles()).filter(b -> b.getState() != Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).toList());
    }

    private X509Certificate edgeCa() throws Exception {
        StoredCertificate stored = services().get(CertificateService.class).find(CredentialIds.EDGE_CA).orElse(null);
        if (stored == null) {
            awaitTrue("the Edge CA", () -> services().get(CertificateService.class).find(CredentialIds.EDGE_CA).isPresent());
            stored = services().get(CertificateService.class).get(CredentialIds.EDGE_CA);
        }
        return stored.leaf();
    }

    private X509Certificate awaitCertificate(String id) throws Exception {
        awaitTrue(id + " is issued", () -> services().get(CertificateService.class).find(id).isPresent());
        return services().get(CertificateService.class).get(id).leaf();
    }

    private X509Certificate awaitNewCertificate(String id, X509Certificate old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            X509Certificate now = services().get(CertificateService.class).get(id).leaf();
            if (!now.equals(old)) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " was not renewed within " + timeout.toSeconds() + " s");
    }

    private X509Certificate awaitNewEdgeCa(X509Certificate old) throws Exception {
        return awaitNewEdgeCa(old, Duration.ofSeconds(30));
    }

    private X509Certificate awaitNewEdgeCa(X509Certificate old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            X509Certificate now = edgeCa();
            if (!now.equals(old)) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the Edge CA was not renewed within " + timeout.toSeconds() + " s");
    }

    private void awaitEdgeHubFrom(X509Certificate edgeCa) throws Exception {
        awaitTrue("module certificates from the renewed Edge CA", () -> {
            try {
                List<X509Certificate> chain = services().get(WorkloadCertificates.class).serverCertificate("edgeHub",
                        HOSTNAME, List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME))).chain();
                return chain.get(1).equals(edgeCa);
            } catch (WorkloadException e) {
                return false;
            }
        });
    }

    /** Waits for an event of this topic about this credential; others (the device identity's) are skipped. */
    private static Event awaitEvent(BlockingQueue<Event> events, String topic, String credentialId)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.getTopic().equals(topic)
                    && credentialId.equals(event.getProperty(CredentialEvents.CREDENTIAL_ID))) {
                return event;
            }
        }
        throw new AssertionError("no " + topic + " for " + credentialId + " within 30 s");
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }
}
