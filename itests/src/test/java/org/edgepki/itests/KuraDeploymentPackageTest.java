package org.edgepki.itests;

import static org.edgepki.itests.KuraGateway.CERTIFICATES;
import static org.edgepki.itests.KuraGateway.EDGE_CA_FILE;
import static org.edgepki.itests.KuraGateway.EDGE_HUB_FILE;
import static org.edgepki.itests.KuraGateway.awaitTrue;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
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
 * on a stock Eclipse Kura 5.5 stack ({@link KuraProfile}: Equinox 3.16.0 with its Config Admin, Metatype and
 * EventAdmin, SCR 2.1.16, Equinox HTTP on Jetty 9.4 and javax.servlet 3.1, Bouncy Castle 1.77, no Web Console). Every
 * bundle starts, the credentials are made and renewed, the Gogo commands work; an operator who then adds Felix Web
 * Console 4 gets the pages at once; and a newer package with a newer EST bundle upgrades it in place: only that bundle
 * changes, the state stays.
 */
@RunWith(KuraProfile.KuraOnly.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // a gateway's life: stock Kura, then a Web Console, then an upgrade
public class KuraDeploymentPackageTest {
    @Inject
    private BundleContext context;
    private KuraGateway gateway;

    private static final String EDGE_HUB = "aziot-edged/module/edgeHub:server";
    /** A time as edgepki:certs shows it. */
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}Z";

    @Configuration
    public Option[] config() {
        if (!KuraProfile.onKura()) {
            return new Option[0]; // skipped before any framework starts (KuraOnly)
        }
        return KuraProfile.options(EdgePkiRuntime.newStateDirectory("kura-dp"), false);
    }

    private KuraGateway gateway() {
        if (gateway == null) {
            gateway = new KuraGateway(context);
        }
        return gateway;
    }

    private Path home() {
        return gateway().home();
    }

    @Test
    public void a_the_package_installs_through_deployment_admin_and_runs_on_kuras_bouncy_castle() throws Exception {
        DeploymentPackage installed = gateway().installPackage();
        for (var info : installed.getBundleInfos()) {
            Bundle bundle = installed.getBundle(info.getSymbolicName());
            if (bundle.getHeaders("").get("Fragment-Host") == null) {
                assertEquals(info.getSymbolicName() + " is active", Bundle.ACTIVE, bundle.getState());
                String wired = bouncyCastleVersionWiredTo(info.getSymbolicName());
                assertTrue(info.getSymbolicName() + " is wired to Kura's Bouncy Castle, if to any: " + wired,
                        wired.isEmpty() || wired.equals(KuraProfile.BOUNCY_CASTLE_VERSION));
            }
        }
        assertTrue("no Bouncy Castle in the package", Arrays.stream(installed.getBundleInfos())
                .noneMatch(info -> info.getSymbolicName().startsWith("bc")));
        assertEquals(KuraProfile.BOUNCY_CASTLE_VERSION, bouncyCastleVersionWiredTo("org.edgepki.edge"));
        assertEquals("Kura's framework", KuraProfile.EQUINOX_VERSION, context.getBundle(0).getVersion().toString());
        assertTrue("a stock Kura: no Web Console yet", Arrays.stream(context.getBundles())
                .noneMatch(b -> "org.apache.felix.webconsole".equals(b.getSymbolicName())));
        assertEquals("Equinox's Config Admin, Metatype and EventAdmin, as on Kura", 3, Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().matches("org\\.eclipse\\.equinox\\.(cm|metatype|event)"))
                .filter(b -> b.getState() == Bundle.ACTIVE).count());

        awaitTrue("the quickstart Edge CA", () -> Files.exists(home().resolve(EDGE_CA_FILE)));
        awaitTrue("the edgeHub certificate", () -> Files.exists(home().resolve(EDGE_HUB_FILE)));
        assertEquals("the workload service", 1, context.getServiceReferences(
                "org.edgepki.api.workload.WorkloadCertificates", null).length);
        CommandProcessor shell = gateway().services().get(CommandProcessor.class);
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
        String check = Gogo.run(shell, "edgepki:check");
        assertTrue(check, Pattern.compile("(?m)^WARNING +edge-ca-method +aziot-edged-ca").matcher(check).find());
        assertTrue("Kura's Bouncy Castle 1.77 is a warning with its fix: " + check, Pattern.compile(
                "(?m)^WARNING +bouncy-castle +bcprov 1\\.77\\.0: .*CVE-2024-29857.*\\n +fix: install bcprov, bcutil and bcpkix 1\\.78")
                .matcher(check).find());
        assertEquals("the console pages are registered, waiting for a Web Console", 2, context.getServiceReferences(
                "javax.servlet.Servlet",
                "(|(felix.webconsole.label=edgepki-certificates)(felix.webconsole.label=edgepki-checks))").length);
    }

    /**
     * Kura ships no Web Console. An operator who installs Felix Web Console 4 after the package gets the pages: the
     * package's fragment attaches to the console when it first resolves. edgepki's login and gate reach the console
     * through an optional import, which the console bundle resolved without: the check says so, and the one refresh
     * it names puts them in place (until then the console runs with its own login).
     */
    @Test
    public void b_an_operator_adds_web_console_4_and_the_pages_work_at_once() throws Exception {
        DeploymentPackage installed = gateway().installPackage();
        if (Arrays.stream(context.getBundles()).noneMatch(b -> "org.apache.felix.webconsole".equals(b.getSymbolicName()))) {
            List<Bundle> added = new ArrayList<>();
            for (Path jar : KuraProfile.webConsoleBundles()) {
                added.add(context.installBundle(jar.toUri().toString()));
            }
            for (Bundle bundle : added) {
                bundle.start();
            }
        }
        CommandProcessor shell = gateway().services().get(CommandProcessor.class);
        String login = KuraGateway.webConsoleLoginFinding(Gogo.run(shell, "edgepki:check"));
        Bundle pages = Arrays.stream(context.getBundles())
                .filter(b -> "org.edgepki.console.javax".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertTrue(login, login.startsWith("ERROR"));
        assertTrue(login, login.contains("fix: refresh " + pages.getBundleId() + " in the OSGi console"));
        Gogo.run(shell, "refresh " + pages.getBundleId());
        awaitTrue("the Certificates page lists the Edge CA", () -> {
            KuraGateway.Response page = gateway().get(CERTIFICATES);
            return page.status() == 200 && page.text().contains("<tr data-id=\"aziot-edged-ca\">");
        });
        assertTrue(login = KuraGateway.webConsoleLoginFinding(Gogo.run(shell, "edgepki:check")), login.startsWith("OK"));
        KuraGateway.Response pem = gateway().get(CERTIFICATES + "/chain.pem?id=aziot-edged-ca");
        assertEquals(200, pem.status());
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        assertEquals("the chain download is the Edge CA",
                List.copyOf(x509.generateCertificates(new ByteArrayInputStream(
                        Files.readAllBytes(home().resolve(EDGE_CA_FILE))))),
                List.copyOf(x509.generateCertificates(new ByteArrayInputStream(
                        pem.text().getBytes(StandardCharsets.US_ASCII)))));
        assertEquals("the fragment is attached", Bundle.RESOLVED,
                installed.getBundle(KuraProfile.WEBCONSOLE_FRAGMENT).getState());
        String finding = KuraGateway.webConsoleFinding(Gogo.run(shell, "edgepki:check"));
        assertTrue(finding, finding.startsWith("OK"));
    }

    @Test
    public void c_a_newer_package_with_a_newer_est_bundle_upgrades_it_in_place_and_keeps_the_state() throws Exception {
        DeploymentPackage first = gateway().installPackage();
        awaitTrue("the quickstart Edge CA", () -> Files.exists(home().resolve(EDGE_CA_FILE)));
        byte[] edgeCa = Files.readAllBytes(home().resolve(EDGE_CA_FILE));
        Bundle est = first.getBundle("org.edgepki.issuer.est");
        Map<String, Long> othersModified = lastModifiedOfEdgepkiBundlesExcept("org.edgepki.issuer.est");

        byte[] newer = newerPackage(Files.readAllBytes(KuraProfile.file("org.edgepki.kura.dp")), "org.edgepki.issuer.est");
        DeploymentPackage second = gateway().services().get(DeploymentAdmin.class)
                .installDeploymentPackage(new ByteArrayInputStream(newer));

        assertTrue(second.getVersion().compareTo(first.getVersion()) > 0);
        Bundle updated = second.getBundle("org.edgepki.issuer.est");
        assertEquals("updated in place, not reinstalled", est.getBundleId(), updated.getBundleId());
        assertEquals("0.1.1.upgrade", updated.getVersion().toString());
        assertEquals(Bundle.ACTIVE, updated.getState());
        assertEquals("no other bundle was touched", othersModified, lastModifiedOfEdgepkiBundlesExcept("org.edgepki.issuer.est"));
        awaitTrue("the EST issuer is back", () -> context.getServiceReferences(
                "org.edgepki.api.issuer.CertificateIssuer", "(method=est)") != null);
        assertArrayEquals("the same Edge CA", edgeCa, Files.readAllBytes(home().resolve(EDGE_CA_FILE)));
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
