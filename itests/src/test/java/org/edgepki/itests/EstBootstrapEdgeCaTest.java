package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * IoT Edge's own EST example: the Edge CA with its own URL and bootstrap identity, and no identity of its own. The
 * EST identity that bootstrap enrolls ({@code aziot-edged-ca-est-id}) is a credential of its own: enrolled first with
 * the bootstrap certificate, then the Edge CA is enrolled with it; both are managed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EstBootstrapEdgeCaTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-est-bootstrap.local";
    private static final String IDENTITY = "aziot-edged-ca-est-id";

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("est-bootstrap");
        EstServerBeside.start(home);
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    @Test
    public void the_edge_ca_s_own_bootstrap_enrolls_its_est_identity_then_the_edge_ca() throws Exception {
        Path control = home().resolve("est");
        Path knobs = control.resolve("knobs.properties");
        Files.writeString(knobs, "auth=CLIENT_CERT\nhonour_csr_extensions=true\n");
        Files.setLastModifiedTime(knobs, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nmethod = \"est\"\nurl = \""
                + Files.readString(control.resolve("url")) + "\"\nbootstrap_identity_cert = \""
                + home().resolve("pki/bootstrap.pem").toUri() + "\"\nbootstrap_identity_pk = \""
                + home().resolve("pki/bootstrap.key.pem").toUri() + "\"\n\n[edge_ca.subject]\nCN = \"test CA\"\n\n"
                + "[cert_issuance.est]\ntrusted_certs = [\"" + home().resolve("pki/est-ca.pem").toUri() + "\"]\n");
        CertificateService certs = services().get(CertificateService.class);
        X509Certificate estCa = Pem.parse(Files.readString(home().resolve("pki/est-ca.pem"))).get(0);
        awaitTrue("the Edge CA is enrolled", () -> certs.find(CredentialIds.EDGE_CA).isPresent()
                && certs.get(CredentialIds.EDGE_CA).leaf().getIssuerX500Principal()
                        .equals(estCa.getSubjectX500Principal()));

        X509Certificate identity = certs.get(IDENTITY).leaf();
        assertEquals(estCa.getSubjectX500Principal(), identity.getIssuerX500Principal());
        List<String> requests = Files.readAllLines(control.resolve("requests.log"));
        int bootstrap = requests.indexOf("POST simpleenroll cert:CN=bootstrap-gw1");
        int edgeCa = requests.lastIndexOf("POST simpleenroll cert:" + identity.getSubjectX500Principal().getName());
        assertTrue("the identity through the bootstrap certificate, then the Edge CA through the identity: " + requests,
                bootstrap >= 0 && edgeCa > bootstrap);
        CredentialService credentials = services().get(CredentialService.class);
        assertTrue("the EST identity is managed", credentials.status(IDENTITY).isPresent());
        assertEquals("est", credentials.status(CredentialIds.EDGE_CA).orElseThrow().method());
    }
}
