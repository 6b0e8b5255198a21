package org.edgepki.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The documentation's rules as {@code check} reports them on a running gateway (issue 18, rules 1, 3 and 4): an
 * Edge CA from a lax PKI (pathlen 2, keyUsage not critical) is used, with an {@code edge-ca-profile} warning each;
 * an auto-renewed identity of a manually provisioned device is a {@code config-well-formed} warning about its
 * thumbprint; an Edge CA named like the DPS registration id is refused, and the Edge CA in use stays. Each test saves
 * the config.toml it needs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConformanceChecksTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-conformance";
    private final TestPki pki = new TestPki();

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("conformance"))};
    }

    @Test
    public void an_edge_ca_from_a_lax_pki_is_used_with_a_warning_for_each_departure_from_the_profile() throws Exception {
        Path files = Files.createTempDirectory("lax-pki");
        TestPki.Issued pathLengthTwo = pki.laxEdgeCa("gw-conformance pathlen 2 CA", 2, true);
        saveConfigToml(manualEdgeCa(files, "pathlen2", pathLengthTwo));
        awaitTrue("the pathlen 2 Edge CA is in use", () -> pathLengthTwo.certificate().equals(edgeCa()));
        awaitCheck("WARNING", "edge-ca-profile", Pattern.quote("aziot-edged-ca: its basicConstraints pathlen is 2: the"
                + " Edge CA could sign further CA certificates (the documentation asks for pathlen:0)"));

        TestPki.Issued keyUsageNotCritical = pki.laxEdgeCa("gw-conformance lax KU CA", 0, false);
        saveConfigToml(manualEdgeCa(files, "lax-ku", keyUsageNotCritical));
        awaitTrue("the lax keyUsage Edge CA is in use", () -> keyUsageNotCritical.certificate().equals(edgeCa()));
        awaitCheck("WARNING", "edge-ca-profile", Pattern.quote("aziot-edged-ca: its keyUsage extension is not marked"
                + " critical"));
    }

    @Test
    public void an_auto_renewed_identity_of_a_manually_provisioned_device_is_a_warning_about_its_thumbprint()
            throws Exception {
        Path files = Files.createTempDirectory("thumbprint");
        TestPki.Issued localCa = pki.goodEdgeCa();
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[provisioning]\nsource = \"manual\"\n"
                + "iothub_hostname = \"hub.azure-devices.net\"\ndevice_id = \"gw1\"\n[provisioning.authentication]\n"
                + "method = \"x509\"\n[provisioning.authentication.identity_cert]\nmethod = \"local_ca\"\n"
                + "common_name = \"gw1\"\n[provisioning.authentication.identity_cert.auto_renew]\nrotate_key = true\n"
                + "threshold = \"80%\"\nretry = \"4%\"\n\n[cert_issuance.local_ca]\ncert = \""
                + pki.writeChain(files.resolve("local-ca.pem"), localCa.certificate()).toUri() + "\"\npk = \""
                + pki.writeKey(files.resolve("local-ca.key.pem"), localCa.key()).toUri() + "\"\n");
        awaitCheck("WARNING", "config-well-formed", ".*provisioning.authentication.identity_cert.auto_renew: a renewed"
                + " identity certificate has a new thumbprint");
    }

    @Test
    public void an_edge_ca_named_like_the_dps_registration_id_is_refused_and_the_one_in_use_stays() throws Exception {
        Path files = Files.createTempDirectory("dps-name");
        TestPki.Issued good = pki.goodEdgeCa();
        saveConfigToml(manualEdgeCa(files, "good", good));
        awaitTrue("a good Edge CA is in use", () -> good.certificate().equals(edgeCa()));

        TestPki.Issued namedLikeTheDevice = pki.laxEdgeCa("gw-dps-1", 0, true);
        saveConfigToml(manualEdgeCa(files, "named", namedLikeTheDevice) + "\n[provisioning]\nsource = \"dps\"\n"
                + "global_endpoint = \"https://global.azure-devices-provisioning.net\"\nid_scope = \"0ab1234C5D6\"\n"
                + "[provisioning.attestation]\nmethod = \"symmetric_key\"\nregistration_id = \"gw-dps-1\"\n"
                + "symmetric_key = { value = \"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo0NTY3ODk=\" }\n");
        awaitCheck("ERROR", "config-well-formed", ".*edge_ca.cert: the Edge CA CN must differ from the DPS registration"
                + " id \"gw-dps-1\"");
        assertEquals("the configuration in force stays: the Edge CA in use too", good.certificate(), edgeCa());
    }

    private String manualEdgeCa(Path files, String name, TestPki.Issued edgeCa) throws Exception {
        Path root = Pem.write(files.resolve(name + "-root.pem"), List.of(pki.root));
        return "hostname = \"" + HOSTNAME + "\"\ntrust_bundle_cert = \"" + root.toUri() + "\"\n\n[edge_ca]\ncert = \""
                + pki.writeChain(files.resolve(name + ".pem"), edgeCa.certificate()).toUri() + "\"\npk = \""
                + pki.writeKey(files.resolve(name + ".key.pem"), edgeCa.key()).toUri() + "\"\n";
    }

    private X509Certificate edgeCa() {
        try {
            return services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        } catch (WorkloadException e) {
            return null;
        }
    }

    /** Waits until {@code check} reports the finding: its severity, check id, and text (a regular expression). */
    private void awaitCheck(String severity, String check, String text) throws Exception {
        Pattern finding = Pattern.compile("(?m)^" + severity + " +" + check + " +" + text);
        String[] last = {""};
        try {
            awaitTrue(severity + " " + check, () -> finding.matcher(last[0] = Gogo.run(
                    services().get(CommandProcessor.class), "edgepki:check")).find());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + last[0], e);
        }
    }
}
