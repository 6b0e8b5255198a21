package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.config.ConfigEvents;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Editing config.toml on a running gateway: the Edge CA lifetime, the hostname and a switch from
 * quickstart to a preloaded Edge CA all take effect, a broken file is rejected with the previous
 * state left in force, and through all of it no bundle is stopped, started or updated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigTomlLiveTest extends RuntimeTest {
    private static final String EDGE_HUB_CERT = CredentialIds.moduleServer("edgeHub");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Configuration
    public Option[] config() {
        Path home = EdgePkiRuntime.newStateDirectory("config-toml");
        writeInPlace(EdgePkiRuntime.configToml(home), quickstart("gw-one.local", 30));
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    private static String quickstart(String hostname, int days) {
        return "hostname = \"" + hostname + "\"\n\n[edge_ca]\nauto_generated_edge_ca_expiry_days = " + days + "\n";
    }

    @Test
    public void edits_of_config_toml_take_effect_live_and_a_rejected_edit_changes_nothing() throws Exception {
        Path configToml = EdgePkiRuntime.configToml(home());
        BlockingQueue<Event> configEvents = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, ConfigEvents.TOPIC_PREFIX + "*"));
        context.registerService(EventHandler.class, configEvents::add, topics);

        // (a) the file present at start is in force
        StoredCertificate firstCa = awaitEdgeCa(30, "gw-one.local");
        awaitEdgeHub("gw-one.local", firstCa);

        // (b) from here on, no bundle may change state
        Map<Long, Integer> bundlesBefore = bundleStates();
        List<String> bundleEvents = Collections.synchronizedList(new ArrayList<>());
        BundleListener listener = event -> {
            if (event.getType() != BundleEvent.STARTING && event.getType() != BundleEvent.RESOLVED) {
                bundleEvents.add(event.getBundle().getSymbolicName() + " " + event.getType());
            }
        };
        context.addBundleListener(listener);

        // (c) a new lifetime makes a new quickstart Edge CA (saved as editors do: temp file, rename)
        long saved = System.nanoTime();
        saveConfigToml(quickstart("gw-one.local", 20));
        Event applied = awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        assertTrue(Arrays.toString((String[]) applied.getProperty(ConfigEvents.CHANGES)),
                Arrays.asList((String[]) applied.getProperty(ConfigEvents.CHANGES))
                        .contains("org.edgepki.edge: edge_ca_expiry_days 30 → 20"));
        StoredCertificate shorterCa = awaitEdgeCa(20, "gw-one.local");
        assertNotEquals(firstCa.sha256Thumbprint(), shorterCa.sha256Thumbprint());
        awaitEdgeHub("gw-one.local", shorterCa);
        report("new lifetime", saved);
        saved = System.nanoTime();

        // (d) a new hostname gets a new edgeHub certificate (written in place this time)
        writeInPlace(configToml, quickstart("gw-two.local", 20));
        awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        StoredCertificate renamedCa = awaitEdgeCa(20, "gw-two.local");
        awaitEdgeHub("gw-two.local", renamedCa);
        report("new hostname", saved);

        // (e) switch to an Edge CA from the operator's PKI
        TestPki pki = new TestPki();
        TestPki.Issued pkiCa = pki.goodEdgeCa();
        Path files = Files.createTempDirectory("pki");
        Path cert = pki.writeChain(files.resolve("edge-ca.pem"), pkiCa.certificate());
        Path key = pki.writeKey(files.resolve("edge-ca.key.pem"), pkiCa.key());
        String preloaded = "hostname = \"gw-two.local\"\n\n[edge_ca]\ncert = \"" + cert.toUri() + "\"\npk = \""
                + key.toUri() + "\"\n";
        saved = System.nanoTime();
        saveConfigToml(preloaded);
        awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        awaitTrue("the Edge CA is the operator's certificate", () -> edgeCa()
                .map(stored -> stored.leaf().equals(pkiCa.certificate())).orElse(false));
        StoredCertificate operatorCa = edgeCa().orElseThrow();
        assertTrue(operatorCa.preloaded());
        awaitEdgeHub("gw-two.local", operatorCa);
        report("switch to a preloaded Edge CA", saved);

        // (f) a broken edit is rejected; everything stays as it was
        Dictionary<String, Object> edgeConfigBefore = configuration("org.edgepki.edge");
        saveConfigToml(preloaded + "\n[cert_issuance.est.identity_auto_renew]\nrotate_key = true\nthreshold = \"150%\"\n"
                + "retry = \"4%\"\n");
        Event rejected = awaitEvent(configEvents, ConfigEvents.TOPIC_REJECTED);
        String errors = Arrays.toString((String[]) rejected.getProperty(ConfigEvents.ERRORS));
        assertTrue(errors, errors.contains("cert_issuance.est.identity_auto_renew.threshold") && errors.contains("150%"));
        assertEquals(configToml.toString(), rejected.getProperty(ConfigEvents.FILE));
        Thread.sleep(2000);
        assertEquals(operatorCa.sha256Thumbprint(), edgeCa().orElseThrow().sha256Thumbprint());
        assertEquals(edgeConfigBefore, configuration("org.edgepki.edge"));

        // edgepki:apply --dry-run sees the same rejection without writing anything
        String dryRun = gogoApply("--dry-run");
        assertTrue(dryRun, dryRun.contains("rejected") && dryRun.contains("identity_auto_renew.threshold"));
        saveConfigToml(preloaded);
        awaitTrue("the fixed file is back in force", () -> gogoApply("--dry-run").contains("nothing to change"));
        String unchanged = gogoApply("--dry-run");
        assertTrue(unchanged, unchanged.contains("nothing to change"));

        // (g) no bundle was touched
        context.removeBundleListener(listener);
        assertEquals(bundlesBefore, bundleStates());
        assertEquals(List.of(), bundleEvents);
    }

    /** Prints (never asserts) how long an edit took to be in force, for the notes; includes the settle time. */
    private static void report(String edit, long savedNanos) {
        System.out.println("config.toml edit in force (" + edit + "): "
                + Duration.ofNanos(System.nanoTime() - savedNanos).toMillis() + " ms");
    }

    private StoredCertificate awaitEdgeCa(int lifetimeDays, String hostname) throws Exception {
        awaitTrue("a quickstart Edge CA for " + hostname + " living " + lifetimeDays + " days", () -> edgeCa()
                .map(stored -> lifetime(stored.leaf()).equals(Duration.ofDays(lifetimeDays))
                        && stored.leaf().getSubjectX500Principal().getName().endsWith(hostname))
                .orElse(false));
        return edgeCa().orElseThrow();
    }

    private void awaitEdgeHub(String hostname, StoredCertificate edgeCa) throws Exception {
        awaitTrue("an edgeHub certificate for " + hostname + " issued by " + edgeCa.leaf().getSubjectX500Principal(),
                () -> {
                    StoredCertificate edgeHub = services().get(CertificateService.class).find(EDGE_HUB_CERT).orElse(null);
                    if (edgeHub == null || !edgeHub.leaf().getSubjectX500Principal().getName().equals("CN=" + hostname)) {
                        return false;
                    }
                    try {
                        edgeHub.leaf().verify(edgeCa.leaf().getPublicKey());
                        return true;
                    } catch (java.security.GeneralSecurityException e) {
                        return false;
                    }
                });
    }

    private java.util.Optional<StoredCertificate> edgeCa() throws EdgePkiException {
        return services().get(CertificateService.class).find(CredentialIds.EDGE_CA);
    }

    private static Duration lifetime(X509Certificate certificate) {
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    private Map<Long, Integer> bundleStates() {
        Map<Long, Integer> states = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            states.put(bundle.getBundleId(), bundle.getState());
        }
        return states;
    }

    private Dictionary<String, Object> configuration(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] found = services().get(ConfigurationAdmin.class)
                .listConfigurations("(service.pid=" + pid + ")");
        return found[0].getProperties();
    }

    /** Calls the Gogo command edgepki:apply: the service that provides it, through its public method. */
    private String gogoApply(String option) throws Exception {
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=edgepki)(osgi.command.function=apply))");
        assertEquals(1, references.length);
        Object command = context.getService(references[0]);
        try {
            return (String) command.getClass().getMethod("apply", String.class).invoke(command, option);
        } finally {
            context.ungetService(references[0]);
        }
    }

    private static Event awaitEvent(BlockingQueue<Event> events, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.getTopic().equals(topic)) {
                return event;
            }
            if (event != null) {
                throw new AssertionError("expected " + topic + " but got " + event.getTopic() + ": "
                        + Arrays.toString((String[]) event.getProperty(ConfigEvents.ERRORS)));
            }
        }
        throw new AssertionError(topic + ": no event within " + WAIT.toSeconds() + " s");
    }

    /** Saves by truncating and rewriting the file in place. */
    private static void writeInPlace(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
