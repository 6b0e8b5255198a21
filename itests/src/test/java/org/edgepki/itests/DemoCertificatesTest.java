package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The built-in demo certificate tool's test PKI is what edgepki accepts as a manual Edge CA: the
 * chain validates, module certificates issued from it verify with openssl against the demo root,
 * and check finds nothing wrong with it; {@code config check} judges its files by the documentation's
 * naming rules.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DemoCertificatesTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-demo";

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("demo"))};
    }

    @Test
    public void demo_certificates_make_a_manual_edge_ca_that_edgepki_accepts() throws Exception {
        Path dir = Files.createTempDirectory("demo-pki");
        // the offline tool, as an operator runs it: bin/edgepki demo (a plain jar, never deployed into the gateway)
        LaunchedRuntime.CommandResult demo = LaunchedRuntime.command(home(), "", "demo", "all", HOSTNAME, "--dir",
                dir.toString(), "--key", "rsa-2048");
        assertEquals(demo.output(), 0, demo.exitCode());
        String written = demo.output();
        assertTrue(written, written.contains("subject CN=" + HOSTNAME + ".ca"));
        Path chain = dir.resolve("certs/iot-edge-device-ca-" + HOSTNAME + "-full-chain.cert.pem");
        Path key = dir.resolve("private/iot-edge-device-ca-" + HOSTNAME + ".key.pem");
        Path root = dir.resolve("certs/azure-iot-test-only.root.ca.cert.pem");

        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        update(configAdmin, "org.edgepki.keystore", "preloaded_keys", new String[] {CredentialIds.EDGE_CA + "=" + key.toUri()});
        update(configAdmin, "org.edgepki.certstore", "preloaded_certs", new String[] {CredentialIds.EDGE_CA + "=" + chain.toUri()});
        update(configAdmin, "org.edgepki.edge", "hostname", HOSTNAME);
        useManualEdgeCaCredential(configAdmin);

        awaitTrue("the demo Edge CA is in use", () -> edgeCaCommonName().equals("CN=" + HOSTNAME + ".ca"));
        List<X509Certificate> edgeCaChain = services().get(WorkloadCertificates.class).edgeCaChain();
        assertEquals(3, edgeCaChain.size());

        WorkloadCredential server = services().get(WorkloadCertificates.class).serverCertificate("edgeHub", HOSTNAME,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
        Path leaf = Pem.write(dir.resolve("edgehub.pem"), List.of(server.chain().get(0)));
        Path untrusted = Pem.write(dir.resolve("untrusted.pem"), server.chain().subList(1, server.chain().size() - 1));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", root.toString(), "-untrusted", untrusted.toString(),
                "-purpose", "sslserver", "-verify_hostname", HOSTNAME, leaf.toString());
        assertEquals(verify.output(), 0, verify.exitCode());

        String check = gogo("edgepki:check");
        for (String good : new String[] {"edge-ca-method +aziot-edged-ca: the Edge CA comes from a PKI \\(manual\\)",
            "certificate-key-match +aziot-edged-ca: the certificate matches its key \\(rsa-2048\\)",
            "trust-bundle-root +aziot-edged-ca", "hostname +gw-demo: a valid hostname", "file-permissions +aziot-edged-ca: ",
            "edge-ca-profile +aziot-edged-ca: the Edge CA has the documented profile"}) {
            assertTrue(good + "\n" + check, Pattern.compile("(?m)^OK +" + good).matcher(check).find());
        }
        assertTrue("the demo PKI is test-only: a warning\n" + check, Pattern.compile("(?m)^WARNING +test-only-root"
                + " +aziot-edged-ca: it chains to a test-only CA \\(CN=Azure IoT Hub").matcher(check).find());
    }

    /**
     * {@code config check} on the files the demo tool made, as an operator runs it before deploying: the identity
     * certificate's CN against the device id, the Edge CA's CN against the device's names, the Edge CA's profile and
     * the trust bundle's root.
     */
    @Test
    public void config_check_judges_the_demo_files_by_the_documentations_naming_rules() throws Exception {
        Path dir = Files.createTempDirectory("demo-rules");
        LaunchedRuntime.CommandResult demo = LaunchedRuntime.command(home(), "", "demo", "all", HOSTNAME, "--dir",
                dir.toString());
        assertEquals(demo.output(), 0, demo.exitCode());
        Path configToml = dir.resolve("config.toml");

        Files.writeString(configToml, demoConfig(dir, HOSTNAME));
        LaunchedRuntime.CommandResult accepted = LaunchedRuntime.command(home(), "", "config", "check",
                configToml.toString());
        assertEquals(accepted.output(), 0, accepted.exitCode());
        assertTrue(accepted.output(), accepted.output().endsWith(configToml + ": ok\n"));

        Files.writeString(configToml, demoConfig(dir, "another-device"));
        LaunchedRuntime.CommandResult wrongDevice = LaunchedRuntime.command(home(), "", "config", "check",
                configToml.toString());
        assertEquals(wrongDevice.output(), 1, wrongDevice.exitCode());
        assertTrue(wrongDevice.output(), wrongDevice.output().contains("provisioning.authentication.identity_cert: the"
                + " certificate's CN \"" + HOSTNAME + "\" must equal device_id \"another-device\""));

        Files.writeString(configToml, demoConfig(dir, HOSTNAME + ".ca"));
        LaunchedRuntime.CommandResult edgeCaNamedLikeTheDevice = LaunchedRuntime.command(home(), "", "config", "check",
                configToml.toString());
        assertEquals(edgeCaNamedLikeTheDevice.output(), 1, edgeCaNamedLikeTheDevice.exitCode());
        assertTrue(edgeCaNamedLikeTheDevice.output(), edgeCaNamedLikeTheDevice.output().contains(
                "edge_ca.cert: the Edge CA CN must differ from the device id \"" + HOSTNAME + ".ca\""));
    }

    /** Manual provisioning with the demo device identity, the demo Edge CA and the demo root as trust bundle. */
    private static String demoConfig(Path dir, String deviceId) {
        return "hostname = \"" + HOSTNAME + "\"\ntrust_bundle_cert = \""
                + dir.resolve("certs/azure-iot-test-only.root.ca.cert.pem").toUri() + "\"\n\n[provisioning]\n"
                + "source = \"manual\"\niothub_hostname = \"hub.azure-devices.net\"\ndevice_id = \"" + deviceId + "\"\n"
                + "[provisioning.authentication]\nmethod = \"x509\"\nidentity_cert = \""
                + dir.resolve("certs/iot-edge-device-identity-" + HOSTNAME + "-full-chain.cert.pem").toUri() + "\"\n"
                + "identity_pk = \"" + dir.resolve("private/iot-edge-device-identity-" + HOSTNAME + ".key.pem").toUri()
                + "\"\n\n[edge_ca]\ncert = \"" + dir.resolve("certs/iot-edge-device-ca-" + HOSTNAME
                + "-full-chain.cert.pem").toUri() + "\"\npk = \"" + dir.resolve("private/iot-edge-device-ca-" + HOSTNAME
                + ".key.pem").toUri() + "\"\n";
    }

    private String edgeCaCommonName() {
        try {
            return services().get(WorkloadCertificates.class).edgeCaChain().get(0).getSubjectX500Principal().getName();
        } catch (WorkloadException e) {
            return "";
        }
    }

    private String gogo(String command) throws Exception {
        return Gogo.run(services().get(CommandProcessor.class), command);
    }

}
