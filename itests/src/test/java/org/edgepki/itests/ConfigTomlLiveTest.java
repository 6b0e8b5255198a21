package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Editing config.toml on a running gateway: the Edge CA lifetime, the hostname and a switch from
 * quickstart to a preloaded Edge CA all take effect, a broken file is rejected with the previous
 * state left in force, and through all of it no bundle is stopped, started or updated and no
 * edgepki component is restarted. The file is saved both ways editors do: a new file renamed over
 * the old one, and truncated and rewritten in place.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigTomlLiveTest extends RuntimeTest {
    private static final String EDGE_HUB_CERT = CredentialIds.moduleServer("edgeHub");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int DNS = 2;

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
        StoredCertificate firstCa = awaitQuickstartEdgeCa(30, "gw-one.local");
        awaitEdgeHub("gw-one.local", firstCa);

        // (b) from here on, no bundle may change state and no edgepki service may go away
        Map<Long, String> bundlesBefore = bundleStates();
        List<String> bundleEvents = Collections.synchronizedList(new ArrayList<>());
        SynchronousBundleListener bundleListener = event -> bundleEvents.add(
                event.getBundle().getSymbolicName() + " " + bundleEventName(event.getType()));
        context.addBundleListener(bundleListener);
        List<String> unregistered = Collections.synchronizedList(new ArrayList<>());
        ServiceListener serviceListener = event -> {
            Bundle owner = event.getServiceReference().getBundle();
            if (event.getType() == ServiceEvent.UNREGISTERING && owner != null
                    && owner.getSymbolicName().startsWith("org.edgepki.")) {
                unregistered.add(owner.getSymbolicName() + " "
                        + Arrays.toString((String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)));
            }
        };
        context.addServiceListener(serviceListener);

        // (c) a new lifetime makes a new quickstart Edge CA (saved as editors do: temp file, rename)
        long saved = System.nanoTime();
        saveConfigToml(quickstart("gw-one.local", 20));
        Event applied = awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        List<String> changes = Arrays.asList((String[]) applied.getProperty(ConfigEvents.CHANGES));
        assertTrue(changes.toString(), changes.contains("org.edgepki.credential~aziot-edged-ca: expiry_days 30 → 20"));
        assertEquals(configToml.toString(), applied.getProperty(ConfigEvents.FILE));
        StoredCertificate shorterCa = awaitQuickstartEdgeCa(20, "gw-one.local");
        assertNotEquals(firstCa.sha256Thumbprint(), shorterCa.sha256Thumbprint());
        awaitEdgeHub("gw-one.local", shorterCa);
        report("new lifetime", saved);

        // (d) a new hostname gets a new edgeHub certificate (truncated and rewritten in place this
        // time); the quickstart Edge CA is named after the hostname, so it is made again too
        saved = System.nanoTime();
        writeInPlace(configToml, quickstart("gw-two.local", 20));
        awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        StoredCertificate renamedCa = awaitQuickstartEdgeCa(20, "gw-two.local");
        awaitEdgeHub("gw-two.local", renamedCa);
        report("new hostname", saved);

        // (e) switch to an Edge CA from the operator's PKI, named unlike the hostname
        TestPki pki = new TestPki();
        TestPki.Issued operatorCa = pki.goodEdgeCa();
        assertNotEquals("CN=gw-two.local", operatorCa.certificate().getSubjectX500Principal().getName());
        Path files = Files.createTempDirectory("pki");
        Path cert = pki.writeChain(files.resolve("edge-ca.pem"), operatorCa.certificate());
        Path key = pki.writeKey(files.resolve("edge-ca.key.pem"), operatorCa.key());
        String preloaded = "hostname = \"gw-two.local\"\n\n[edge_ca]\ncert = \"" + cert.toUri() + "\"\npk = \""
                + key.toUri() + "\"\n";
        saved = System.nanoTime();
        saveConfigToml(preloaded);
        awaitEvent(configEvents, ConfigEvents.TOPIC_APPLIED);
        awaitTrue("the Edge CA is the operator's certificate", () -> edgeCa()
                .map(stored -> Arrays.equals(encoded(stored.leaf()), encoded(operatorCa.certificate())))
                .orElse(false));
        StoredCertificate storedOperatorCa = edgeCa().orElseThrow();
        assertTrue("a preloaded Edge CA is the operator's file, not a copy", storedOperatorCa.preloaded());
        awaitEdgeHub("gw-two.local", storedOperatorCa);
        report("switch to a preloaded Edge CA", saved);

        // (f) a broken edit is rejected; everything stays as it was. Were it accepted, it would
        // switch back to a quickstart Edge CA, so "unchanged" below can fail.
        Map<String, Map<String, Object>> configurationsBefore = configurations();
        String edgeHubBefore = edgeHub().orElseThrow().sha256Thumbprint();
        saveConfigToml(quickstart("gw-two.local", 20)
                + "\n[edge_ca.auto_renew]\nrotate_key = true\nthreshold = \"150%\"\nretry = \"4%\"\n");
        Event rejected = awaitEvent(configEvents, ConfigEvents.TOPIC_REJECTED);
        String errors = Arrays.toString((String[]) rejected.getProperty(ConfigEvents.ERRORS));
        assertTrue(errors, errors.contains("edge_ca.auto_renew.threshold") && errors.contains("150%"));
        assertEquals(configToml.toString(), rejected.getProperty(ConfigEvents.FILE));
        Thread.sleep(2000);
        assertEquals(storedOperatorCa.sha256Thumbprint(), edgeCa().orElseThrow().sha256Thumbprint());
        assertEquals(edgeHubBefore, edgeHub().orElseThrow().sha256Thumbprint());
        assertEquals(configurationsBefore.get("org.edgepki.edge"), configurations().get("org.edgepki.edge"));
        assertEquals(configurationsBefore, configurations());

        // edgepki:apply --dry-run sees the same rejection, and once the file is fixed nothing is
        // left to change: the rejection wrote nothing
        String dryRun = gogoApply("--dry-run");
        assertTrue(dryRun, dryRun.contains("rejected") && dryRun.contains("edge_ca.auto_renew.threshold"));
        saveConfigToml(preloaded);
        String fixed = gogoApply("--dry-run");
        assertTrue(fixed, fixed.contains("nothing to change"));

        // (g) no bundle and no edgepki component was touched
        Thread.sleep(1000); // the fixed file's own apply, which must change nothing either
        context.removeServiceListener(serviceListener);
        context.removeBundleListener(bundleListener);
        assertEquals(storedOperatorCa.sha256Thumbprint(), edgeCa().orElseThrow().sha256Thumbprint());
        assertEquals(bundlesBefore, bundleStates());
        assertEquals(List.of(), bundleEvents);
        assertEquals("edgepki services unregistered (a component restarted instead of @Modified)", List.of(),
                unregistered);
    }

    @Test
    public void edgepki_apply_dry_run_of_the_file_in_force_says_nothing_to_change() throws Exception {
        awaitTrue("the edgeHub certificate exists", () -> edgeHub().isPresent());
        String output = gogoApply("--dry-run");
        assertTrue(output, output.startsWith(EdgePkiRuntime.configToml(home()) + ": accepted, nothing to change"));
        String usage = gogoApply("--force");
        assertTrue(usage, usage.startsWith("usage: edgepki:apply [--dry-run]"));
    }

    /** Prints (never asserts) how long an edit took to be in force, for the notes; includes the settle time. */
    private static void report(String edit, long savedNanos) {
        System.out.println("config.toml edit in force on " + EdgePkiRuntime.framework() + " (" + edit + "): "
                + Duration.ofNanos(System.nanoTime() - savedNanos).toMillis() + " ms");
    }

    private StoredCertificate awaitQuickstartEdgeCa(int lifetimeDays, String hostname) throws Exception {
        awaitTrue("a quickstart Edge CA for " + hostname + " living " + lifetimeDays + " days", () -> edgeCa()
                .map(stored -> lifetime(stored.leaf()).equals(Duration.ofDays(lifetimeDays))
                        && stored.leaf().getSubjectX500Principal().getName().equals("CN=aziot-edge CA " + hostname))
                .orElse(false));
        StoredCertificate ca = edgeCa().orElseThrow();
        assertTrue("a quickstart Edge CA is made by edgepki", !ca.preloaded());
        return ca;
    }

    /** Waits for an edgeHub server certificate with CN and a DNS name for {@code hostname}, signed by {@code ca}. */
    private void awaitEdgeHub(String hostname, StoredCertificate ca) throws Exception {
        awaitTrue("an edgeHub certificate for " + hostname + " issued by " + ca.leaf().getSubjectX500Principal(),
                () -> edgeHub().map(edgeHub -> isFor(edgeHub.leaf(), hostname) && isSignedBy(edgeHub.leaf(), ca.leaf()))
                        .orElse(false));
    }

    private static boolean isFor(X509Certificate certificate, String hostname) {
        try {
            return certificate.getSubjectX500Principal().getName().equals("CN=" + hostname)
                    && certificate.getSubjectAlternativeNames() != null
                    && certificate.getSubjectAlternativeNames().contains(List.of(DNS, hostname));
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Optional<StoredCertificate> edgeCa() throws EdgePkiException {
        return services().get(CertificateService.class).find(CredentialIds.EDGE_CA);
    }

    private Optional<StoredCertificate> edgeHub() throws EdgePkiException {
        return services().get(CertificateService.class).find(EDGE_HUB_CERT);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static Duration lifetime(X509Certificate certificate) {
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    private Map<Long, String> bundleStates() {
        Map<Long, String> states = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            states.put(bundle.getBundleId(), bundle.getSymbolicName() + " state " + bundle.getState());
        }
        return states;
    }

    private static String bundleEventName(int type) {
        return switch (type) {
            case BundleEvent.INSTALLED -> "INSTALLED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            case BundleEvent.STARTING -> "STARTING";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPING -> "STOPPING";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            case BundleEvent.UNINSTALLED -> "UNINSTALLED";
            default -> "event " + type;
        };
    }

    /** @return every Config Admin configuration by PID, its properties with arrays as lists so they compare by value */
    private Map<String, Map<String, Object>> configurations() throws Exception {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        org.osgi.service.cm.Configuration[] found = services().get(ConfigurationAdmin.class).listConfigurations(null);
        for (org.osgi.service.cm.Configuration configuration : found == null ? new org.osgi.service.cm.Configuration[0]
                : found) {
            Map<String, Object> properties = new TreeMap<>();
            Dictionary<String, Object> dictionary = configuration.getProperties();
            if (dictionary == null) {
                all.put(configuration.getPid(), properties);
                continue;
            }
            for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                Object value = dictionary.get(key);
                properties.put(key, value instanceof Object[] array ? Arrays.asList(array) : value);
            }
            all.put(configuration.getPid(), properties);
        }
        return all;
    }

    /** Calls the Gogo command edgepki:apply: the service that provides it, through its public method. */
    private String gogoApply(String option) throws Exception {
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=edgepki)(osgi.command.function=apply))");
        assertTrue("exactly one edgepki:apply command", references != null && references.length == 1);
        Object command = context.getService(references[0]);
        try {
            return (String) command.getClass().getMethod("apply", String.class).invoke(command, option);
        } finally {
            context.ungetService(references[0]);
        }
    }

    /** @return the next configuration event, which must be on {@code topic} */
    private static Event awaitEvent(BlockingQueue<Event> events, String topic) throws InterruptedException {
        Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError(topic + ": no event within " + WAIT.toSeconds() + " s");
        }
        if (!event.getTopic().equals(topic)) {
            throw new AssertionError("expected " + topic + " but got " + event.getTopic() + ": errors "
                    + Arrays.toString((String[]) event.getProperty(ConfigEvents.ERRORS)) + ", changes "
                    + Arrays.toString((String[]) event.getProperty(ConfigEvents.CHANGES)));
        }
        return event;
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
