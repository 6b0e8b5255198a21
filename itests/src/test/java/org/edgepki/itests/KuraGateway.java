package org.edgepki.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * A Kura gateway as the deployment-package tests drive it: Deployment Admin, the Web Console over HTTP as admin/admin
 * (its own default login: Kura's stack has no edgepki login), and the state on disk. No edgepki API type is used: the
 * probe resolves before the package installs the API, so its optional imports of it stay unwired; services are looked
 * up by name and the state is read from the files.
 */
final class KuraGateway implements AutoCloseable {
    static final String PACKAGE = "org.edgepki.kura";
    static final String EDGE_CA_FILE =
            "certd/certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer";
    static final String EDGE_HUB_FILE =
            "certd/certs/aziotedgedmoduleedgeHubserver-2f58768b7544cb1a8be2e1ee2e661f1c04929cc50c008102b5da0cf775f78227.cer";
    static final String CERTIFICATES = "/system/console/edgepki-certificates";

    private final BundleContext context;
    private final Services services;

    KuraGateway(BundleContext context) {
        this.context = context;
        this.services = new Services(context);
    }

    Services services() {
        return services;
    }

    Path home() {
        return Path.of(context.getProperty("edgepki.home"));
    }

    /** Installs the package unless a test of the class already did (the native container runs no {@code @Before}). */
    DeploymentPackage installPackage() throws Exception {
        DeploymentAdmin deploymentAdmin = services.get(DeploymentAdmin.class);
        if (deploymentAdmin.getDeploymentPackage(PACKAGE) == null) {
            try (InputStream dp = Files.newInputStream(KuraProfile.file("org.edgepki.kura.dp"))) {
                deploymentAdmin.installDeploymentPackage(dp);
            }
        }
        return installedPackage();
    }

    DeploymentPackage installedPackage() {
        DeploymentAdmin deploymentAdmin = services.get(DeploymentAdmin.class);
        DeploymentPackage installed = deploymentAdmin.getDeploymentPackage(PACKAGE);
        assertNotNull("installed: " + Arrays.stream(deploymentAdmin.listDeploymentPackages())
                .map(dp -> dp.getName() + " " + dp.getVersion()).toList(), installed);
        return installed;
    }

    /** @return the running Felix Web Console bundle */
    Bundle webConsole() {
        return Arrays.stream(context.getBundles()).filter(b -> "org.apache.felix.webconsole".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no Web Console is installed"));
    }

    /** @return the webconsole-configuration finding of an {@code edgepki:check} report, with its fix line */
    static String webConsoleFinding(String report) {
        Matcher finding = Pattern.compile("^(\\w+) +webconsole-configuration .*(\\n +fix: .*)?$", Pattern.MULTILINE)
                .matcher(report);
        assertTrue(report, finding.find());
        return finding.group().replaceAll("\\s+", " ");
    }

    /** @return the webconsole-configuration finding about edgepki's login on Web Console 4, with its fix line */
    static String webConsoleLoginFinding(String report) {
        Matcher finding = Pattern.compile("^(\\w+) +webconsole-configuration +org\\.edgepki\\.console\\.javax .*(\\n +fix: .*)?$",
                Pattern.MULTILINE).matcher(report);
        assertTrue(report, finding.find());
        return finding.group().replaceAll("\\s+", " ");
    }

    record Response(int status, String text) {
    }

    /** A GET with the console login the test set; status 0 while nothing listens yet. */
    Response get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:"
                + context.getProperty("org.osgi.service.http.port") + path).toURL().openConnection();
        connection.setRequestProperty("Authorization", KuraProfile.CONSOLE_AUTHORIZATION);
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

    static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        services.close();
    }
}
