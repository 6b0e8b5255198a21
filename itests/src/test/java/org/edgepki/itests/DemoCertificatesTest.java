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
 * and check finds nothing wrong with it.
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
            "trust-bundle-root +aziot-edged-ca", "hostname +gw-demo: a valid hostname", "file-permissions +aziot-edged-ca: "}) {
            assertTrue(good + "\n" + check, Pattern.compile("(?m)^OK +" + good).matcher(check).find());
        }
        assertTrue("the demo PKI is test-only: a warning\n" + check, Pattern.compile("(?m)^WARNING +test-only-root"
                + " +aziot-edged-ca: it chains to a test-only CA \\(CN=Azure IoT Hub").matcher(check).find());
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
