package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The Kura deployment package ({@code features/kura}) installed as Kura installs it: by Felix Deployment Admin 0.9.5,
 * on Eclipse Kura 5.5's own stack ({@link KuraProfile}: Equinox 3.16.0 with its Config Admin, Metatype and EventAdmin,
 * SCR 2.1.16, Equinox HTTP on Jetty 9.4 and javax.servlet 3.1, Bouncy Castle 1.77, and the Web Console 4 an operator
 * adds). Then a newer package with a newer EST bundle upgrades it in place: only that bundle changes, the state stays.
 */
@RunWith(KuraProfile.KuraOnly.class)
@ExamReactorStrategy(PerClass.class)
public class KuraDeploymentPackageTest {
    /**
     * Not a {@code RuntimeTest}, and no edgepki API type anywhere: the probe resolves before the
     * package installs the API, so its optional imports of it stay unwired. Services are looked up by
     * name and the state is read from the files.
     */
    @Inject
    private BundleContext context;
    private Services services;

    private static final String PACKAGE = "org.edgepki.kura";
    private static final String EDGE_CA_FILE =
            "certd/certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer";
    private static final String EDGE_HUB_FILE =
            "certd/certs/aziotedgedmoduleedgeHubserver-2f58768b7544cb1a8be2e1ee2e661f1c04929cc50c008102b5da0cf775f78227.cer";
    private static final String EDGE_HUB = "aziot-edged/module/edgeHub:server";
    private static final String CERTIFICATES = "/system/console/edgepki-certificates";
    /** A time as edgepki:certs shows it. */
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}Z";

    @Configuration
    public Option[] config() {
        if (!KuraProfile.onKura()) {
            return new Option[0]; // skipped before any framework starts (KuraOnly)
        }
        return KuraProfile.options(EdgePkiRuntime.newStateDirectory("kura-dp"), true);
    }

    /**
     * Installs the package once for the class, so each test starts from a gateway that runs it (each
     * test calls it: the native container invokes test methods without JUnit's {@code @Before}).
     */
    private void installPackage() throws Exception {
        DeploymentAdmin deploymentAdmin = services().get(DeploymentAdmin.class);
        if (deploymentAdmin.getDeploymentPackage(PACKAGE) == null) {
            try (InputStream dp = Files.newInputStream(KuraProfile.file("org.edgepki.kura.dp"))) {
                deploymentAdmin.installDeploymentPackage(dp);
            }
        }
    }

    @Test
    public void the_package_installs_through_deployment_admin_and_runs_on_kuras_bouncy_castle() throws Exception {
        installPackage();
        DeploymentPackage installed = installedPackage();
        for (var info : installed.getBundleInfos()) {
            Bundle bundle = installed.getBundle(info.getSymbolicName());
            if (bundle.getHeaders("").get("Fragment-Host") == null) {
                assertEquals(info.getSymbolicName() + " is active", Bundle.ACTIVE, bundle.getState());
            }
        }
        assertTrue("no Bouncy Castle in the package", Arrays.stream(installed.getBundleInfos())
                .noneMatch(info -> info.getSymbolicName().startsWith("bc")));
        for (var info : installed.getBundleInfos()) {
            if (installed.getBundle(info.getSymbolicName()).getHeaders("").get("Fragment-Host") != null) {
                continue;
            }
            String wired = bouncyCastleVersionWiredTo(info.getSymbolicName());
            assertTrue(info.getSymbolicName() + " is wired to Kura's Bouncy Castle, if to any: " + wired,
                    wired.isEmpty() || wired.equals(KuraProfile.BOUNCY_CASTLE_VERSION));
        }
        assertEquals(KuraProfile.BOUNCY_CASTLE_VERSION, bouncyCastleVersionWiredTo("org.edgepki.edge"));
        assertEquals("Kura's framework", KuraProfile.EQUINOX_VERSION, context.getBundle(0).getVersion().toString());
        assertEquals("Equinox's Config Admin, Metatype and EventAdmin, as on Kura", 3, Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().matches("org\\.eclipse\\.equinox\\.(cm|metatype|event)"))
                .filter(b -> b.getState() == Bundle.ACTIVE).count());
        assertTrue(Arrays.stream(context.getBundles())
                .noneMatch(b -> b.getSymbolicName().startsWith("org.apache.felix.configadmin")));

        awaitTrue("the quickstart Edge CA", () -> Files.exists(home().resolve(EDGE_CA_FILE)));
        awaitTrue("the edgeHub certificate", () -> Files.exists(home().resolve(EDGE_HUB_FILE)));
        assertEquals("the workload service", 1, context.getServiceReferences(
                "org.edgepki.api.workload.WorkloadCertificates", null).length);
        CommandProcessor shell = services().get(CommandProcessor.class);
        String certs = Gogo.run(shell, "edgepki:certs");
        assertTrue(certs, certs.contains("aziot-edged-ca") && certs.contains(EDGE_HUB));
        awaitTrue("edgeHub's certificate has its renewal planned (its row shows notAfter and the next renewal)",
                () -> Pattern.compile("^" + Pattern.quote(EDGE_HUB) + " .*" + DATE + ".*" + DATE, Pattern.MULTILINE)
                        .matcher(Gogo.run(shell, "edgepki:certs")).find());
        String renewed = Gogo.run(shell, "edgepki:renew " + EDGE_HUB);
        Matcher serials = Pattern.compile("Renewed " + Pattern.quote(EDGE_HUB) + ": serial (\\w+) -> (\\w+)").matcher(renewed);
        assertTrue(renewed, serials.find());
        assertNotEquals(renewed, serials.group(1), serials.group(2));
        Matcher next = Pattern.compile("next renewal (" + DATE + ")").matcher(renewed);
        assertTrue(renewed, next.find());
        Instant nextRenewal = LocalDateTime.parse(next.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'"))
                .toInstant(ZoneOffset.UTC);
        assertTrue("the new certificate's renewal is days away, not now: " + renewed,
                nextRenewal.isAfter(Instant.now().plus(Duration.ofDays(7))));
        assertEquals("the console pages", 2, context.getServiceReferences("javax.servlet.Servlet",
                "(|(felix.webconsole.label=edgepki-certificates)(felix.webconsole.label=edgepki-checks))").length);
    }

    /**
     * The Web Console was running before the package came, so the package's fragment cannot attach to it, and Web
     * Console 4 on Equinox answers every page with 500 (see {@code org.edgepki.webconsole4.configadmin}). The check
     * says so and how to fix it; the operator's fix, {@code refresh} in the OSGi console, makes the pages work.
     */
    @Test
    public void the_console_pages_work_after_the_refresh_the_check_asks_for() throws Exception {
        installPackage();
        CommandProcessor shell = services().get(CommandProcessor.class);
        Bundle console = Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.webconsole".equals(b.getSymbolicName())).findFirst().orElseThrow();
        String finding = webConsoleFinding(Gogo.run(shell, "edgepki:check"));
        assertTrue(finding, finding.startsWith("ERROR"));
        assertTrue(finding, finding.contains("fix: refresh the Web Console in the OSGi console (refresh "
                + console.getBundleId() + ")"));
        Response[] before = new Response[1];
        awaitTrue("the console answers", () -> (before[0] = get(CERTIFICATES)).status() != 0);
        assertEquals("the pages answer 500 until then", 500, before[0].status());

        Gogo.run(shell, "refresh " + console.getBundleId());

        awaitTrue("the Certificates page lists the Edge CA", () -> {
            Response page = get(CERTIFICATES);
            return page.status() == 200 && page.text().contains("<tr data-id=\"aziot-edged-ca\">");
        });
        Response pem = get(CERTIFICATES + "/chain.pem?id=aziot-edged-ca");
        assertEquals(200, pem.status());
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        assertEquals("the chain download is the Edge CA",
                List.copyOf(x509.generateCertificates(new ByteArrayInputStream(
                        Files.readAllBytes(home().resolve(EDGE_CA_FILE))))),
                List.copyOf(x509.generateCertificates(new ByteArrayInputStream(
                        pem.text().getBytes(StandardCharsets.US_ASCII)))));
        assertTrue(finding = webConsoleFinding(Gogo.run(shell, "edgepki:check")), finding.startsWith("OK"));
        assertEquals("the fragment is attached", Bundle.RESOLVED, installedPackage()
                .getBundle(KuraProfile.WEBCONSOLE_FRAGMENT).getState());
    }

    @Test
    public void a_newer_package_with_a_newer_est_bundle_upgrades_it_in_place_and_keeps_the_state() throws Exception {
        installPackage();
        awaitTrue("the quickstart Edge CA", () -> Files.exists(home().resolve(EDGE_CA_FILE)));
        byte[] edgeCa = Files.readAllBytes(home().resolve(EDGE_CA_FILE));
        DeploymentPackage first = installedPackage();
        Bundle est = first.getBundle("org.edgepki.est");
        Map<String, Long> othersModified = lastModifiedOfEdgepkiBundlesExcept("org.edgepki.est");

        byte[] newer = newerPackage(Files.readAllBytes(KuraProfile.file("org.edgepki.kura.dp")), "org.edgepki.est");
        DeploymentPackage second = services().get(DeploymentAdmin.class)
                .installDeploymentPackage(new ByteArrayInputStream(newer));

        assertTrue(second.getVersion().compareTo(first.getVersion()) > 0);
        Bundle updated = second.getBundle("org.edgepki.est");
        assertEquals("updated in place, not reinstalled", est.getBundleId(), updated.getBundleId());
        assertEquals("0.1.1.upgrade", updated.getVersion().toString());
        assertEquals(Bundle.ACTIVE, updated.getState());
        assertEquals("no other bundle was touched", othersModified, lastModifiedOfEdgepkiBundlesExcept("org.edgepki.est"));
        awaitTrue("the EST issuer is back", () -> context.getServiceReferences(
                "org.edgepki.api.issuer.CertificateIssuer", "(method=est)") != null);
        assertArrayEquals("the same Edge CA", edgeCa, Files.readAllBytes(home().resolve(EDGE_CA_FILE)));
    }

    /** @return the webconsole-configuration finding of an {@code edgepki:check} report, with its fix line */
    private static String webConsoleFinding(String report) {
        Matcher finding = Pattern.compile("^(\\w+) +webconsole-configuration .*(\\n +fix: .*)?$", Pattern.MULTILINE)
                .matcher(report);
        assertTrue(report, finding.find());
        return finding.group().replaceAll("\\s+", " ");
    }

    private record Response(int status, String text) {
    }

    /** A GET as admin/admin, the Web Console's own default login (Kura's stack has no edgepki login). */
    private Response get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:"
                + context.getProperty("org.osgi.service.http.port") + path).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        try {
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException notYetListening) {
            return new Response(0, notYetListening.toString());
        } finally {
            connection.disconnect();
        }
    }

    private DeploymentPackage installedPackage() {
        DeploymentAdmin deploymentAdmin = services().get(DeploymentAdmin.class);
        DeploymentPackage installed = deploymentAdmin.getDeploymentPackage(PACKAGE);
        assertNotNull("installed: " + Arrays.stream(deploymentAdmin.listDeploymentPackages())
                .map(dp -> dp.getName() + " " + dp.getVersion()).toList(), installed);
        return installed;
    }

    private Services services() {
        if (services == null) {
            services = new Services(context);
        }
        return services;
    }

    private Path home() {
        return Path.of(context.getProperty("edgepki.home"));
    }

    private static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private String bouncyCastleVersionWiredTo(String symbolicName) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst().orElseThrow();
        return bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .filter(wire -> String.valueOf(wire.getCapability().getAttributes().get("osgi.wiring.package"))
                        .startsWith("org.bouncycastle."))
                .map(BundleWire::getProvider).map(provider -> provider.getVersion().toString()).distinct()
                .collect(Collectors.joining(","));
    }

    private Map<String, Long> lastModifiedOfEdgepkiBundlesExcept(String symbolicName) {
        Map<String, Long> modified = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.edgepki.") && !bundle.getSymbolicName().equals(symbolicName)) {
                modified.put(bundle.getSymbolicName(), bundle.getLastModified());
            }
        }
        return modified;
    }

    /**
     * The same package with a higher DeploymentPackage-Version, in which one bundle's Bundle-Version
     * is raised to 0.1.1.upgrade (as a release of that bundle alone would be).
     */
    static byte[] newerPackage(byte[] dp, String upgraded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(dp))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("DeploymentPackage-Version", "9.0.0");
            String entryName = null;
            for (Map.Entry<String, Attributes> entry : manifest.getEntries().entrySet()) {
                if (upgraded.equals(entry.getValue().getValue("Bundle-SymbolicName"))) {
                    entry.getValue().putValue("Bundle-Version", "0.1.1.upgrade");
                    entryName = entry.getKey();
                }
            }
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    byte[] content = in.readAllBytes();
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    jar.write(entry.getName().equals(entryName) ? withVersion(content, "0.1.1.upgrade") : content);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] withVersion(byte[] bundle, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    jar.write(in.readAllBytes());
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
