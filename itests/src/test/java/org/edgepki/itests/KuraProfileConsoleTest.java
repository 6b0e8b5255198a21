package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The edgepki Web Console pages on Eclipse Kura 5.5's own stack ({@link KuraProfile}: Equinox 3.16.0, SCR 2.1.16,
 * Equinox HTTP on Jetty 9.4 with javax.servlet 3.1, Bouncy Castle 1.77) with the Felix Web Console 4 an operator
 * adds, and the bundles of the Kura deployment package. Everything is asserted over real HTTP on loopback, as a
 * browser logged in with the console login sees it. The class runs in the kura test execution only.
 */
@RunWith(KuraProfile.KuraOnly.class)
@ExamReactorStrategy(PerClass.class)
public class KuraProfileConsoleTest extends RuntimeTest {
    private static final String CONSOLE = "/system/console";
    private static final String CERTIFICATES = CONSOLE + "/edgepki-certificates";
    private static final String CHECKS = CONSOLE + "/edgepki-checks";
    private static final String EDGE_HUB_SERVER = "aziot-edged/module/edgeHub:server";
    private static final String AUTHORIZATION = KuraProfile.CONSOLE_AUTHORIZATION;

    @Configuration
    public Option[] config() {
        if (!KuraProfile.onKura()) {
            return new Option[0]; // skipped before any framework starts (KuraOnly)
        }
        return KuraProfile.options(EdgePkiRuntime.newStateDirectory("kura"), true,
                KuraProfile.deploymentPackageBundles());
    }

    @Test
    public void the_framework_runs_kuras_stack_and_every_bundle_resolves() {
        assertEquals("org.eclipse.osgi", context.getBundle(0).getSymbolicName());
        assertEquals(KuraProfile.EQUINOX_VERSION, context.getBundle(0).getVersion().toString());
        assertEquals(List.of(KuraProfile.SCR_VERSION), versionsOf("org.apache.felix.scr"));
        assertEquals(List.of("1.4.400.v20200422-1833"), versionsOf("org.eclipse.equinox.cm"));
        assertEquals(List.of(KuraProfile.BOUNCY_CASTLE_VERSION), versionsOf("bcprov"));
        assertEquals(List.of("3.7.400.v20200123-1333"), versionsOf("org.eclipse.equinox.http.jetty"));
        assertEquals(List.of("9.4.53.v20231009"), versionsOf("org.eclipse.jetty.server"));
        assertEquals(List.of(KuraProfile.WEBCONSOLE_VERSION), versionsOf("org.apache.felix.webconsole"));
        assertEquals(List.of(), versionsOf("org.apache.felix.http.jetty"));
        assertEquals(List.of(), versionsOf("org.edgepki.console"));
        assertEquals(1, versionsOf("org.edgepki.console.javax").size());
        List<String> unresolved = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.INSTALLED) {
                try {
                    bundle.start(); // its exception names the requirement the framework cannot satisfy
                    unresolved.add(bundle.getSymbolicName() + " was not resolved");
                } catch (BundleException e) {
                    unresolved.add(e.getMessage());
                }
            }
        }
        assertEquals(List.of(), unresolved);
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.edgepki.") && b.getHeaders().get("Fragment-Host") == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .toList();
        assertEquals(List.of(), notActive);
    }

    @Test
    public void edgepkis_gate_guards_web_console_4_its_login_headers_and_origin() throws Exception {
        Response page = get(CONSOLE + "/bundles");
        assertEquals(200, page.status());
        assertEquals(Optional.of("DENY"), page.header("X-Frame-Options"));
        assertEquals(Optional.of("frame-ancestors 'none'"), page.header("Content-Security-Policy"));
        assertEquals(Optional.of("nosniff"), page.header("X-Content-Type-Options"));

        HttpURLConnection defaultLogin = (HttpURLConnection) URI.create(baseUrl() + CONSOLE + "/bundles").toURL()
                .openConnection();
        defaultLogin.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Web Console 4's own admin/admin is off", 401, answer(defaultLogin).status());

        HttpURLConnection crossSite = open(CONSOLE + "/configMgr/org.edgepki.attack", "");
        crossSite.setRequestMethod("POST");
        crossSite.setDoOutput(true);
        crossSite.setRequestProperty("Referer", "http://evil.example/page");
        crossSite.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = crossSite.getOutputStream()) {
            out.write("apply=true&propertylist=level&level=attack".getBytes(StandardCharsets.US_ASCII));
        }
        Response refused = answer(crossSite);
        assertEquals(refused.text(), 403, refused.status());
        assertTrue(refused.text(), refused.text().contains("the request comes from another site"));
    }

    @Test
    public void the_fragment_wires_the_web_console_to_config_admin_and_the_check_says_so() throws Exception {
        Bundle console = Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.webconsole".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertEquals("the fragment is attached", List.of(KuraProfile.WEBCONSOLE_FRAGMENT),
                console.adapt(BundleWiring.class).getProvidedWires(HostNamespace.HOST_NAMESPACE).stream()
                        .map(wire -> wire.getRequirer().getSymbolicName()).toList());
        List<Finding> findings = services().get(CheckService.class).run().findings().stream()
                .filter(finding -> finding.check().equals("webconsole-configuration")).toList();
        assertEquals("the console's configuration and edgepki's login on it: " + findings, 2, findings.size());
        assertEquals(findings.toString(), List.of(Severity.OK, Severity.OK),
                findings.stream().map(Finding::severity).toList());
    }

    @Test
    public void the_certificates_page_lists_the_edge_ca_inside_the_console_template() throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain();
        Response page = awaitPage(CERTIFICATES, "<tr data-id=\"aziot-edged-ca\">");

        String body = page.text();
        assertTrue(page.contentType(), page.contentType().startsWith("text/html"));
        int template = body.indexOf("<div id=\"main\">");
        int row = body.indexOf("<tr data-id=\"aziot-edged-ca\">");
        assertTrue("the page is wrapped in the Web Console 4 template", template >= 0 && template < row);
        assertTrue(body, body.contains("pluginRoot = \"" + CERTIFICATES + "\""));
        assertTrue("the template's footer closes the page", body.lastIndexOf("</html>") > row);
    }

    @Test
    public void the_edge_ca_chain_downloads_as_pem() throws Exception {
        X509Certificate edgeCa = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        awaitPage(CERTIFICATES, "<tr data-id=\"aziot-edged-ca\">");

        Response pem = get(CERTIFICATES + "/chain.pem?id=aziot-edged-ca");
        assertEquals(pem.text(), 200, pem.status());
        assertTrue(pem.contentType(), pem.contentType().startsWith("application/x-pem-file"));
        assertTrue(pem.header("Content-Disposition").orElse(""),
                pem.header("Content-Disposition").orElse("").startsWith("attachment"));
        assertTrue(pem.text(), pem.text().startsWith("-----BEGIN CERTIFICATE-----"));
        List<Certificate> chain = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.body())));
        assertEquals(1, chain.size());
        assertEquals(edgeCa.getSubjectX500Principal(), ((X509Certificate) chain.get(0)).getSubjectX500Principal());
        assertEquals(edgeCa, chain.get(0));
    }

    @Test
    public void renew_now_with_the_page_token_renews_edgehub_and_the_page_shows_the_new_serial() throws Exception {
        awaitEdgeHubCertificate();
        Response page = awaitPage(CERTIFICATES, renewFormOf(EDGE_HUB_SERVER));
        String before = serialOf(page.text(), EDGE_HUB_SERVER);
        String token = csrfTokenOf(page.text(), EDGE_HUB_SERVER);

        Response renewed = post(CERTIFICATES + "/renew", Map.of("id", EDGE_HUB_SERVER, "csrf", token), page.cookies());
        assertEquals(renewed.text(), 303, renewed.status());
        String location = renewed.header("Location").orElseThrow(() -> new AssertionError("a 303 without Location"));
        assertTrue(location, location.contains(CERTIFICATES + "?notice="));

        Response after = get(resolve(location), page.cookies());
        assertEquals(after.text(), 200, after.status());
        String serialAfter = serialOf(after.text(), EDGE_HUB_SERVER);
        assertNotEquals("a new certificate, a new serial", before, serialAfter);
        String notice = "Renewed " + EDGE_HUB_SERVER + ": serial " + before + " → " + serialAfter;
        assertTrue(after.text(), after.text().contains("<p class=\"edgepki-notice ui-state-highlight\" role=\"status\">"
                + notice));
        String stored = services().get(CertificateService.class).find(EDGE_HUB_SERVER).orElseThrow().leaf()
                .getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        assertEquals("the page shows the certificate the store holds", stored, serialAfter);
    }

    @Test
    public void renew_now_without_the_token_is_refused() throws Exception {
        awaitEdgeHubCertificate();
        Response page = awaitPage(CERTIFICATES, renewFormOf(EDGE_HUB_SERVER));
        String before = serialOf(page.text(), EDGE_HUB_SERVER);

        Response refused = post(CERTIFICATES + "/renew", Map.of("id", EDGE_HUB_SERVER), page.cookies());
        assertEquals(refused.text(), 403, refused.status());
        assertTrue(refused.text(), refused.text().contains("security token"));
        Response wrong = post(CERTIFICATES + "/renew", Map.of("id", EDGE_HUB_SERVER, "csrf", "not-the-token"),
                page.cookies());
        assertEquals(wrong.text(), 403, wrong.status());
        assertEquals("nothing was renewed", before, serialOf(get(CERTIFICATES).text(), EDGE_HUB_SERVER));
    }

    @Test
    public void the_checks_page_warns_about_the_quickstart_edge_ca() throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain();
        Response checks = awaitPage(CHECKS, "data-check=\"edge-ca-method\"");
        assertTrue(checks.contentType(), checks.contentType().startsWith("text/html"));
        assertTrue(checks.text(), checks.text().contains("<div id=\"main\">"));
        assertTrue(checks.text(), checks.text().contains("<tr class=\"warning\" data-check=\"edge-ca-method\">"));
    }


    // --- the framework ---

    private List<String> versionsOf(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .map(b -> b.getVersion().toString()).toList();
    }

    private void awaitEdgeHubCertificate() throws Exception {
        CertificateService certificates = services().get(CertificateService.class);
        awaitTrue(EDGE_HUB_SERVER + " issued", () -> certificates.find(CredentialIds.moduleServer("edgeHub")).isPresent());
    }

    // --- the console over HTTP ---

    /** What one request answered. */
    private record Response(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** @return the cookies set, as a Cookie header value (empty when none) */
        String cookies() {
            return headers.entrySet().stream().filter(e -> "Set-Cookie".equalsIgnoreCase(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).map(cookie -> cookie.split(";", 2)[0])
                    .collect(Collectors.joining("; "));
        }
    }

    /** Waits until the page answers 200 with {@code expected} in it (the console and plugin come up asynchronously). */
    private Response awaitPage(String path, String expected) throws Exception {
        Response[] last = new Response[1];
        try {
            awaitTrue("GET " + path + " shows " + expected, () -> {
                try {
                    last[0] = get(path);
                } catch (IOException notYetListening) {
                    return false;
                }
                if (last[0].status() == 500) {
                    throw new AssertionError("GET " + path + ": 500 " + last[0].text());
                }
                return last[0].status() == 200 && last[0].text().contains(expected);
            });
        } catch (AssertionError e) {
            // no cause: Pax Exam reports the innermost one
            throw new AssertionError(e.getMessage() + "; last answer: "
                    + (last[0] == null ? "none" : last[0].status() + " " + last[0].text()));
        }
        return last[0];
    }

    private Response get(String path) throws IOException {
        return get(path, "");
    }

    private Response get(String path, String cookies) throws IOException {
        HttpURLConnection connection = open(path, cookies);
        connection.setRequestMethod("GET");
        return answer(connection);
    }

    private Response post(String path, Map<String, String> form, String cookies) throws IOException {
        HttpURLConnection connection = open(path, cookies);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        // as a browser posting the console's own form says (HttpURLConnection may not set Origin)
        connection.setRequestProperty("Referer", baseUrl() + CONSOLE);
        byte[] body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return answer(connection);
    }

    private HttpURLConnection open(String path, String cookies) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + path).toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
        connection.setRequestProperty("Authorization", AUTHORIZATION);
        if (!cookies.isEmpty()) {
            connection.setRequestProperty("Cookie", cookies);
        }
        return connection;
    }

    private static Response answer(HttpURLConnection connection) throws IOException {
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body = stream == null ? new byte[0] : stream.readAllBytes();
            if (stream != null) {
                stream.close();
            }
            String contentType = connection.getContentType() == null ? "" : connection.getContentType();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) {
                    headers.put(name, values);
                }
            });
            return new Response(status, contentType, headers, body);
        } finally {
            connection.disconnect();
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
    }

    /** A Location header, absolute or a path, as a path on the console's server. */
    private String resolve(String location) throws URISyntaxException {
        URI uri = new URI(baseUrl() + "/").resolve(location);
        assertEquals("redirected to the console's own server", "127.0.0.1", uri.getHost());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    // --- the Certificates page's HTML ---

    private static String rowStart(String id) {
        return "<tr data-id=\"" + id + "\">";
    }

    /** The start of a row's Renew now form: it is there once the scheduler manages the certificate. */
    private static String renewFormOf(String id) {
        return "<input type=\"hidden\" name=\"id\" value=\"" + id + "\">";
    }

    /** @return the row of this certificate, up to its end */
    private static String rowOf(String html, String id) {
        int start = html.indexOf(rowStart(id));
        assertTrue("no row for " + id + " in " + html, start >= 0);
        int end = html.indexOf("</tr>", start);
        assertTrue(end > start);
        return html.substring(start, end);
    }

    private static String serialOf(String html, String id) {
        Matcher serial = Pattern.compile("<td class=\"serial\">([0-9A-F]+)</td>").matcher(rowOf(html, id));
        assertTrue("no serial in the row of " + id, serial.find());
        return serial.group(1);
    }

    private static String csrfTokenOf(String html, String id) {
        String row = rowOf(html, id);
        assertTrue("the row of " + id + " has no Renew now form", row.contains("<form method=\"post\""));
        Matcher token = Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\">").matcher(row);
        assertTrue("no csrf token in the row of " + id, token.find());
        return token.group(1);
    }
}
