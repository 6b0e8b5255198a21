package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.key.KeyService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The operator's Gogo commands and the readiness checks on a real runtime: the commands list,
 * show, renew and import certificates with readable output and one-line errors; {@code check}
 * (Gogo, and the control socket behind {@code bin/edgepki check}) reports each deliberately broken
 * set-up with the right finding and its fix; {@code edgepki:trust} installs the trust bundle's roots into an OS trust
 * store laid out under the state directory, and the {@code os-trust-store} check sees them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperatorCommandsTest extends RuntimeTest {
    private static final String EDGE_HUB = CredentialIds.moduleServer("edgeHub");
    private final TestPki pki = new TestPki();

    @Configuration
    public Option[] config() {
        Path home = EdgePkiRuntime.newStateDirectory("operator");
        // The OS trust store of edgepki:trust and the os-trust-store check: a layout under the state directory,
        // never this machine's /usr/local/share/ca-certificates and /etc/ssl/certs.
        Path os = home.resolve("os-trust");
        return new Option[] {EdgePkiRuntime.options(home,
                frameworkProperty("edgepki.os.trust.dir").value(os.resolve("anchors").toString()),
                frameworkProperty("edgepki.os.trust.bundle").value(os.resolve("ca-certificates.crt").toString()),
                frameworkProperty("edgepki.os.trust.update").value(os.resolve("update-ca-certificates").toString()))};
    }

    @Test
    public void trust_installs_the_roots_in_the_os_store_and_the_check_sees_them() throws Exception {
        awaitTrue("the Edge CA exists", () -> services().get(CertificateService.class).find(CredentialIds.EDGE_CA).isPresent());
        Path os = home().resolve("os-trust");
        Path bundle = os.resolve("ca-certificates.crt");
        assertTrue(finding(gogo("edgepki:check"), "OK", "os-trust-store", bundle + ": the OS trust store is unknown"));
        Path anchors = Files.createDirectories(os.resolve("anchors"));
        Files.writeString(bundle, "");
        // A stand-in for update-ca-certificates (the real one needs root and changes this machine): it rebuilds the
        // bundle from the anchor files.
        Path update = os.resolve("update-ca-certificates");
        Files.writeString(update, "#!/bin/sh\ncat '" + anchors + "'/*.crt > '" + bundle + "'\necho '1 added, 0 removed; done.'\n");
        Files.setPosixFilePermissions(update, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertTrue(finding(gogo("edgepki:check"), "WARNING", "os-trust-store", "aziot-edged-ca: the OS trust store ("
                + bundle + ") does not hold the root of the Edge CA chain"));
        String before = gogo("edgepki:trust status");
        assertTrue(before, Pattern.compile("(?m)^\\S.* +edgepki-[0-9a-f]{64}\\.crt +no +no$").matcher(before).find());

        String installed = gogo("edgepki:trust install");
        assertTrue(installed, installed.startsWith("written: " + anchors + "/edgepki-"));
        assertTrue(installed, installed.contains(" root(s) of the trust bundle installed in " + anchors));
        String after = gogo("edgepki:trust status");
        assertTrue(after, Pattern.compile("(?m)^\\S.* +edgepki-[0-9a-f]{64}\\.crt +yes +yes$").matcher(after).find());
        assertTrue(finding(gogo("edgepki:check"), "OK", "os-trust-store", "aziot-edged-ca: the OS trust store ("
                + bundle + ") holds the root of the Edge CA chain"));
        assertOneLineError("edgepki:trust remove", "unknown action 'remove': edgepki:trust install or edgepki:trust status");
    }

    @Test
    public void gogo_lists_shows_renews_and_imports_certificates() throws Exception {
        awaitTrue("the edgeHub certificate is listed", () -> gogo("edgepki:certs").contains(EDGE_HUB));
        String certs = gogo("edgepki:certs");
        assertTrue(certs, certs.startsWith("ID "));
        assertTrue(certs, Pattern.compile("(?m)^aziot-edged-ca +aziot-edge CA .* ok$").matcher(certs).find());
        assertTrue("the edgeHub certificate is from the current Edge CA\n" + certs, Pattern.compile("(?m)^"
                + Pattern.quote(EDGE_HUB) + " .* current +\\d{4}-.* ok$").matcher(certs).find());

        String edgeCa = gogo("edgepki:cert aziot-edged-ca");
        assertTrue(edgeCa, edgeCa.contains("[0] leaf") && Pattern.compile("(?m)^  CA: +yes").matcher(edgeCa).find());
        assertTrue(edgeCa, Pattern.compile("(?m)^key: +file:").matcher(edgeCa).find());
        X509Certificate edgeCaLeaf = services().get(CertificateService.class).get("aziot-edged-ca").leaf();
        assertTrue(edgeCa, Pattern.compile("(?m)^sha256: +" + Pem.thumbprint(edgeCaLeaf) + " \\(IoT Hub's thumbprint\\)$")
                .matcher(edgeCa).find());
        String sha1 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(edgeCaLeaf.getEncoded()));
        assertTrue(edgeCa, Pattern.compile("(?m)^sha1: +" + sha1 + " \\(the DPS portal's thumbprint\\)$").matcher(edgeCa)
                .find());

        String before = serialOf(gogo("edgepki:cert " + EDGE_HUB));
        String renewed = gogo("edgepki:renew " + EDGE_HUB);
        String after = serialOf(gogo("edgepki:cert " + EDGE_HUB));
        assertNotEquals(before, after);
        assertTrue(renewed, renewed.startsWith("Renewed " + EDGE_HUB + ": serial " + before + " -> " + after));

        assertOneLineError("edgepki:cert no-such-id", "no certificate 'no-such-id'; edgepki:certs lists them");
        assertOneLineError("edgepki:renew no-such-id", "renewal of no-such-id failed: ");
        assertOneLineError("edgepki:import some-id /no/such/file.pem", "/no/such/file.pem: no such file");

        Path files = Files.createTempDirectory("import");
        TestPki.Issued issued = pki.goodEdgeCa();
        Path p12 = pki.writePkcs12(files.resolve("credential.p12"), issued, "p12-secret");
        String imported = gogo("edgepki:import --password p12-secret imported-id " + p12);
        assertTrue(imported, imported.startsWith("Imported imported-id from " + p12 + ": 2 certificate(s), edgepki test Edge CA"));
        assertTrue(imported, imported.contains("with its key"));
        assertFalse(imported, imported.contains("p12-secret"));
        assertTrue(services().get(KeyService.class).find("imported-id").isPresent());
        assertOneLineError("edgepki:import --password wrong other-id " + p12, "");
    }

    @Test
    public void check_reports_each_broken_setup_with_its_finding_and_fix() throws Exception {
        awaitTrue("the Edge CA exists", () -> services().get(CertificateService.class).find(CredentialIds.EDGE_CA).isPresent());
        String clean = gogo("edgepki:check");
        assertTrue(clean, finding(clean, "WARNING", "edge-ca-method", "aziot-edged-ca: the quickstart Edge CA is in use"));
        assertTrue(clean, finding(clean, "OK", "trust-bundle-root", "aziot-edged-ca"));
        assertTrue("the runtime's own Bouncy Castle has no known flaw: " + clean,
                finding(clean, "OK", "bouncy-castle", "bcprov 1.86.0"));

        // An expired device identity, with its own key.
        TestPki.Issued expired = pki.edgeCa("expired device", false, KeyUsage.digitalSignature,
                Instant.now().minus(Duration.ofDays(40)), Duration.ofDays(30));
        store(CredentialIds.DEVICE_ID, expired, expired);
        // A certificate stored with somebody else's key.
        store("mismatched-id", pki.goodEdgeCa(), pki.goodEdgeCa());
        // Preloaded files others may read or replace.
        Path files = Files.createTempDirectory("preloaded");
        Path openKey = pki.writeKey(files.resolve("open.key.pem"), pki.goodEdgeCa().key());
        Files.setPosixFilePermissions(openKey, PosixFilePermissions.fromString("rw-r--r--"));
        Path sharedDir = Files.createDirectories(files.resolve("shared"));
        Path cert = pki.writeChain(sharedDir.resolve("cert.pem"), pki.goodEdgeCa().certificate());
        Files.setPosixFilePermissions(sharedDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        update(configAdmin, "org.edgepki.keystore", "preloaded_keys", new String[] {"open-key=" + openKey.toUri()});
        update(configAdmin, "org.edgepki.certstore", "preloaded_certs", new String[] {"shared-cert=" + cert.toUri()});
        // The device id config.toml gives, which the identity certificate's CN ("expired device") is not.
        update(configAdmin, "org.edgepki.edge", "device_id", "gw-operator");

        String[] last = {""};
        try {
            awaitTrue("check sees the preloaded files", () -> (last[0] = gogo("edgepki:check")).contains(openKey.toString())
                    && last[0].contains(sharedDir.toString()) && last[0].contains("identity-name"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + last[0], e);
        }
        String broken = last[0];
        assertTrue(broken, finding(broken, "ERROR", "certificate-expiry", "device-id: the certificate expired at "));
        assertTrue(broken, finding(broken, "ERROR", "identity-name", "device-id: the identity certificate's CN"
                + " \"expired device\" is not the device id \"gw-operator\": IoT Hub will not authenticate the device"));
        assertTrue(broken, finding(broken, "ERROR", "certificate-key-match",
                "mismatched-id: the certificate does not belong to the key"));
        assertTrue(broken, finding(broken, "ERROR", "file-permissions",
                "open-key: the key file " + openKey + " is mode 0644: other users can read the private key"));
        assertTrue(broken, broken.contains("fix: chmod 600 " + openKey));
        assertTrue(broken, finding(broken, "ERROR", "file-permissions",
                "shared-cert: the certificate's directory " + sharedDir + " is mode 0777"));
        assertTrue(broken, broken.contains("fix: chmod 755 " + sharedDir));
        assertTrue(broken, broken.endsWith("error(s): not ready: fix the errors\n"));

        String json = gogo("edgepki:check --json");
        assertTrue(json, json.contains("\"result\":\"error\",\"exitCode\":2,"));
        assertTrue(json, json.contains("{\"check\":\"certificate-expiry\",\"severity\":\"error\",\"subject\":\"device-id\""));

        String reply = askControlSocket("check --json");
        assertTrue(reply, reply.startsWith("exit 2\n{\"ranAt\":"));
        assertTrue(askControlSocket("check").contains("ERROR    certificate-expiry"));
        assertTrue(askControlSocket("rm -rf /").startsWith("exit 2\nunknown request"));
    }

    private void store(String id, TestPki.Issued certificate, TestPki.Issued key) throws Exception {
        services().get(KeyService.class).importPrivateKey(id, key.key().getPrivate());
        services().get(CertificateService.class).store(id, List.of(certificate.certificate(), pki.root));
    }

    private static boolean finding(String report, String severity, String check, String text) {
        return Pattern.compile("(?m)^" + severity + " +" + check + " +" + Pattern.quote(text)).matcher(report).find();
    }


    private String askControlSocket(String request) throws Exception {
        Path socket = home().resolve("control").resolve("control.sock");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            try (InputStream in = Channels.newInputStream(channel)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private void assertOneLineError(String command, String expectedStart) throws Exception {
        try {
            String output = gogo(command);
            fail(command + " should fail, printed: " + output);
        } catch (Exception e) {
            assertTrue(command + ": " + e.getMessage(), e.getMessage().startsWith(expectedStart));
            assertFalse(command + ": " + e.getMessage(), e.getMessage().contains("\n"));
        }
    }

    private static String serialOf(String certDescription) {
        Matcher serial = Pattern.compile("(?m)^  serial: +([0-9A-F]+)$").matcher(certDescription);
        assertTrue(certDescription, serial.find());
        return serial.group(1);
    }

    private String gogo(String command) throws Exception {
        return Gogo.run(services().get(CommandProcessor.class), command);
    }
}
