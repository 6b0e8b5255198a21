package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Karaf feature repository (features/karaf) in a real Apache Karaf: {@code feature:install edgepki}
 * makes the quickstart Edge CA and starts every edgepki bundle, {@code edgepki:certs} runs in Karaf's
 * shell, a field upgrade of the EST bundle ({@code bundle:update} to a higher Bundle-Version) leaves the
 * rest alone, and {@code edgepki-console} puts the Certificates page on Karaf's Web Console.
 *
 * <p>Karaf is not one of the two frameworks the suite runs twice: the equinox execution excludes this
 * class, and the assumption below skips it there when it is named with -Dtest (which overrides excludes).
 */
public class KarafFeatureTest {
    /** edgepki guards Karaf\'s Web Console 4 with its own login, set as on any gateway. */
    private static final String CONSOLE_PASSWORD = "karaf-console-password";
    private static final String EDGE_CA =
            "certd/certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer";
    private static final List<String> EDGEPKI_BUNDLES = List.of("org.edgepki.api", "org.edgepki.authorization",
            "org.edgepki.certstore", "org.edgepki.config.toml", "org.edgepki.edge", "org.edgepki.issuer.est",
            "org.edgepki.keystore", "org.edgepki.pkcs11", "org.edgepki.issuer.local", "org.edgepki.credentials",
            "org.edgepki.check", "org.edgepki.shell");
    private static final String EST = "org.edgepki.issuer.est";

    @BeforeClass
    public static void onceOnly() {
        Assume.assumeFalse("Karaf runs its own framework: once, in the felix execution",
                "equinox".equals(EdgePkiRuntime.framework()));
    }

    @Test
    public void feature_install_runs_edgepki_bundle_update_upgrades_est_alone_and_the_console_shows_the_edge_ca() throws Exception {
        long testStart = System.nanoTime();
        Path edgepkiHome = EdgePkiRuntime.newStateDirectory("karaf");
        LaunchedRuntime.setConsolePassword(edgepkiHome, "karaf", CONSOLE_PASSWORD);
        Path karafHome = Path.of("target", "karaf", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();

        long t = System.nanoTime();
        KarafProcess.unpack(Path.of(property("edgepki.karaf.distribution")), karafHome);
        report("unpack", t);
        try (KarafProcess karaf = KarafProcess.configure(karafHome,
                Path.of(property("org.ops4j.pax.url.mvn.localRepository")),
                property("org.ops4j.pax.url.mvn.repositories"), edgepkiHome)) {
            t = System.nanoTime();
            karaf.start();
            karaf.awaitShell();
            report("boot (to a working SSH shell)", t);

            t = System.nanoTime();
            String added = karaf.client("feature:repo-add file:" + Path.of(property("edgepki.karaf.features")).toAbsolutePath());
            assertTrue(added, added.contains("Adding feature url"));
            installEdgepki(karaf);
            Path edgeCa = edgepkiHome.resolve(EDGE_CA);
            awaitFile(karaf, edgeCa);
            report("feature:install edgepki (to the Edge CA file)", t);
            karaf.awaitLog("Issued aziot-edged-ca (self_signed)");

            SortedMap<String, String> bundles = awaitActive(karaf, EDGEPKI_BUNDLES);

            String certs = karaf.client("echo (edgepki:certs)");
            System.out.println("KarafFeatureTest: echo (edgepki:certs)\n" + certs);
            assertTrue("edgepki:certs in Karaf's shell:\n" + certs, certs.lines().anyMatch(l -> l.startsWith("aziot-edged-ca ")));
            String check = karaf.client("echo (edgepki:check)");
            assertFalse("edgepki:check in Karaf's shell:\n" + check, check.isBlank());

            fieldUpgradeOfEst(karaf, bundles, edgeCa);

            t = System.nanoTime();
            String console = karaf.client("feature:install edgepki-console");
            assertFalse(console, console.contains("Error"));
            assertTrue(awaitActive(karaf, List.of("org.edgepki.console.javax")).containsKey("org.edgepki.console.javax"));
            String page = awaitPage("http://127.0.0.1:" + karaf.httpPort + "/system/console/edgepki-certificates",
                    "<tr data-id=\"aziot-edged-ca\">");
            report("feature:install edgepki-console (to the Certificates page)", t);
            assertTrue(page, page.contains("<tr data-id=\"aziot-edged-ca\">"));

            t = System.nanoTime();
            karaf.stop();
            report("bin/stop", t);
            assertFalse("Karaf still runs after bin/stop", karaf.isAlive());
        }
        report("whole test", testStart);
    }

    /**
     * {@code feature:install edgepki}. The Bouncy Castle 1.86 it brings makes Karaf refresh its own
     * SSH server and shell (their Bouncy Castle 1.77 bundles rewire to the newer bcprov), which can
     * end the very session that ran the command: the deployment goes on in Karaf's feature thread,
     * so this waits for the feature to be Started rather than for the command's answer.
     */
    private static void installEdgepki(KarafProcess karaf) throws IOException, InterruptedException {
        String output = karaf.client("feature:install edgepki");
        assertFalse(output, output.contains("Error executing command"));
        long deadline = System.nanoTime() + KarafProcess.TIMEOUT.toNanos();
        String installed = "";
        while (System.nanoTime() < deadline) {
            installed = karaf.client("feature:list -i");
            if (installed.lines().anyMatch(l -> l.startsWith("edgepki ") && l.contains("Started"))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("edgepki not Started:\n" + installed + "\n" + karaf.log());
    }

    /**
     * Updates the running EST bundle to a copy of its jar with a higher Bundle-Version (a file: URL,
     * as a field upgrade would): it comes back Active with the same id, and the other edgepki bundles
     * keep their ids, states and registered services (not restarted), and the Edge CA stays the same.
     */
    private static void fieldUpgradeOfEst(KarafProcess karaf, SortedMap<String, String> before, Path edgeCa)
            throws Exception {
        byte[] caBefore = Files.readAllBytes(edgeCa);
        SortedMap<String, List<String>> servicesBefore = services(karaf, before);
        System.out.println("KarafFeatureTest: before the update " + before + ", services by bundle id " + servicesBefore);
        String estId = before.get(EST).split(" ")[0];
        Path upgrade = withBundleVersion(localRepositoryJar(EST), "0.1.1.upgrade",
                karaf.home.resolve("org.edgepki.issuer.est-0.1.1.jar"));

        long t = System.nanoTime();
        String updated = karaf.client("bundle:update " + estId + " " + upgrade.toUri());
        assertFalse(updated, updated.contains("Error"));
        SortedMap<String, String> after = awaitActive(karaf, EDGEPKI_BUNDLES);
        report("bundle:update org.edgepki.issuer.est", t);

        assertEquals(estId + " Active 0.1.1.upgrade", after.get(EST));
        Map<String, String> othersBefore = new LinkedHashMap<>(before);
        othersBefore.remove(EST);
        Map<String, String> othersAfter = new LinkedHashMap<>(after);
        othersAfter.remove(EST);
        assertEquals("the other edgepki bundles", othersBefore, othersAfter);
        SortedMap<String, List<String>> servicesAfter = services(karaf, after);
        System.out.println("KarafFeatureTest: after the update " + after + ", services by bundle id " + servicesAfter);
        assertEquals("services of the other edgepki bundles (re-registered = restarted)", servicesBefore, servicesAfter);
        assertArrayEquals("the Edge CA", caBefore, Files.readAllBytes(edgeCa));
        assertEquals("one quickstart Edge CA", 1, karaf.log().lines()
                .filter(line -> line.contains("Issued aziot-edged-ca (self_signed)")).count());
        String certs = karaf.client("echo (edgepki:certs)");
        assertTrue(certs, certs.lines().anyMatch(l -> l.startsWith("aziot-edged-ca ")));
    }

    /** The service ids each edgepki bundle but EST registered, by bundle id. */
    private static SortedMap<String, List<String>> services(KarafProcess karaf, SortedMap<String, String> bundles)
            throws IOException, InterruptedException {
        List<String> ids = bundles.entrySet().stream().filter(b -> !b.getKey().equals(EST))
                .map(b -> b.getValue().split(" ")[0]).collect(java.util.stream.Collectors.toList());
        SortedMap<String, List<String>> services = karaf.serviceIds(ids);
        assertEquals("bundle:services of " + ids + ": " + services, ids.size(), services.size());
        assertTrue("the edgepki bundles register services: " + services,
                services.values().stream().mapToInt(List::size).sum() >= ids.size());
        return services;
    }

    /** Waits until each named bundle is Active; returns every org.edgepki bundle, name → "id state version". */
    private static SortedMap<String, String> awaitActive(KarafProcess karaf, List<String> names)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + KarafProcess.TIMEOUT.toNanos();
        SortedMap<String, String> bundles;
        do {
            bundles = karaf.bundles("org.edgepki.");
            SortedMap<String, String> seen = bundles;
            if (names.stream().allMatch(n -> seen.getOrDefault(n, "").split(" ").length == 3
                    && seen.get(n).split(" ")[1].equals("Active"))) {
                return bundles;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not all of " + names + " Active: " + bundles);
    }

    private static void awaitFile(KarafProcess karaf, Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + KarafProcess.TIMEOUT.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + "\n" + karaf.log());
            }
            Thread.sleep(200);
        }
    }

    /** GETs the page with karaf/karaf until it answers 200 with {@code text} (the console and its plugin register late). */
    private static String awaitPage(String url, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + KarafProcess.TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(("karaf:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            try {
                int status = connection.getResponseCode();
                var body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
                last = status + ": " + (body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
                if (status == 200 && last.contains(text)) {
                    return last;
                }
            } catch (ConnectException e) {
                last = e.toString();
            } finally {
                connection.disconnect();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " never showed " + text + "; last answer " + last);
    }

    /** The jar Karaf installed for mvn:org.edgepki/NAME/VERSION: the build's local repository copy. */
    private static Path localRepositoryJar(String artifactId) {
        String version = property("edgepki.version");
        return Path.of(property("org.ops4j.pax.url.mvn.localRepository"), "org", "edgepki", artifactId, version,
                artifactId + "-" + version + ".jar");
    }

    /** A copy of a bundle jar whose manifest says Bundle-Version: {@code version}. */
    static Path withBundleVersion(Path jar, String version, Path copy) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property " + name + " is not set (itests/pom.xml sets it for surefire)");
        }
        return value;
    }

    private static void report(String what, long startNanos) {
        System.out.printf("KarafFeatureTest: %s took %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
