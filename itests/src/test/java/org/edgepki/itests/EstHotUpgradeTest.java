package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadEvents;
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
 * EST arrives in the field: a gateway running the quickstart Edge CA without the EST bundle gets it
 * installed and its config.toml switched to {@code [edge_ca] method = "est"}; the Edge CA is issued
 * by EST and the module certificates again from it, and no other bundle stops. Then the EST bundle
 * is updated while the Edge CA's renewal falls due (two-and-a-half-minute certificates renewed a
 * minute before they expire), and that renewal completes on the updated bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EstHotUpgradeTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-est-upgrade.local";
    private static final String EST_BUNDLE = "org.edgepki.issuer.est";

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("est-upgrade");
        EstServerBeside.start(home);
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n");
        return new Option[] {EdgePkiRuntime.optionsWithout(home, EST_BUNDLE + "-",
                frameworkProperty("edgepki.itest.est.bundle").value(EdgePkiRuntime.runtimeBundle(EST_BUNDLE + "-")
                        .toUri().toString()))};
    }

    @Test
    public void est_is_installed_and_updated_on_a_running_gateway_and_a_due_renewal_completes() throws Exception {
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the quickstart Edge CA", () -> certs.find(CredentialIds.EDGE_CA).isPresent());
        assertEquals("no EST issuer yet", 0, context.getServiceReferences(CertificateIssuer.class,
                "(" + CertificateIssuer.METHOD + "=est)").size());
        String sensor = CredentialIds.moduleIdentity("tempSensor");
        services().get(WorkloadCertificates.class).identityCertificate("tempSensor");
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        context.registerService(EventHandler.class, events::add, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC,
                new String[] {WorkloadEvents.TOPIC_EDGE_CA_ROTATED, CredentialEvents.TOPIC_RENEWED})));
        Map<Long, Integer> before = bundleStates();

        // in the field: install the EST bundle, then switch config.toml to it
        Bundle est = context.installBundle(context.getProperty("edgepki.itest.est.bundle"));
        est.start();
        knobs("auth=EITHER\nhonour_csr_extensions=true\nissued_lifetime_seconds=150\n");
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nmethod = \"est\"\nusername = \"estuser\"\n"
                + "password = \"estpwd\"\n\n[edge_ca.auto_renew]\nrotate_key = true\nthreshold = \"1min\"\n"
                + "retry = \"1min\"\n\n[cert_issuance.est]\ntrusted_certs = [\"" + home().resolve("pki/est-ca.pem")
                .toUri() + "\"]\n\n[cert_issuance.est.urls]\ndefault = \""
                + Files.readString(home().resolve("est/url")) + "\"\n");
        X509Certificate estCa = Pem.parse(Files.readString(home().resolve("pki/est-ca.pem"))).get(0);
        awaitTrue("the Edge CA is issued by EST", () -> certs.get(CredentialIds.EDGE_CA).leaf()
                .getIssuerX500Principal().equals(estCa.getSubjectX500Principal()));
        X509Certificate enrolled = certs.get(CredentialIds.EDGE_CA).leaf();
        awaitTrue("the module certificate is issued again from it", () -> certs.get(sensor).chain().get(1)
                .equals(certs.get(CredentialIds.EDGE_CA).leaf()));
        awaitEvent(events, WorkloadEvents.TOPIC_EDGE_CA_ROTATED, null);
        Map<Long, Integer> after = bundleStates();
        after.remove(est.getBundleId());
        assertEquals("no other bundle stopped, started or was refreshed", before, after);

        // the EST bundle is updated shortly before the renewal falls due (a minute before notAfter)
        long due = enrolled.getNotAfter().getTime() - Duration.ofMinutes(1).toMillis();
        Thread.sleep(Math.max(0, due - System.currentTimeMillis() - 3_000));
        events.clear();
        try (InputStream newer = Files.newInputStream(Path.of(java.net.URI.create(
                context.getProperty("edgepki.itest.est.bundle"))))) {
            est.update(newer);
        }
        long updated = System.currentTimeMillis();
        awaitEvent(events, CredentialEvents.TOPIC_RENEWED, CredentialIds.EDGE_CA);
        X509Certificate next = certs.get(CredentialIds.EDGE_CA).leaf();
        assertNotEquals(enrolled, next);
        assertEquals(estCa.getSubjectX500Principal(), next.getIssuerX500Principal());
        assertTrue("renewed after the update", next.getNotBefore().getTime() + Duration.ofMinutes(1).toMillis()
                >= updated - 1_000);
        assertEquals(Bundle.ACTIVE, est.getState());
        after = bundleStates();
        after.remove(est.getBundleId());
        assertEquals("the update restarted nothing else", before, after);
    }

    private void knobs(String properties) throws Exception {
        Path file = home().resolve("est/knobs.properties");
        Files.writeString(file, properties);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    }

    /** Waits for an event of this topic (about this credential, unless null); others are skipped. */
    private static Event awaitEvent(BlockingQueue<Event> events, String topic, String credentialId)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.getTopic().equals(topic)
                    && (credentialId == null || credentialId.equals(event.getProperty(CredentialEvents.CREDENTIAL_ID)))) {
                return event;
            }
        }
        throw new AssertionError("no " + topic + " within 90 s");
    }

    private Map<Long, Integer> bundleStates() {
        return Arrays.stream(context.getBundles()).collect(Collectors.toMap(Bundle::getBundleId, Bundle::getState));
    }
}
