package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A hostile or broken EST server, through the running gateway: the test EST server answers a device identity's
 * renewal, in turn, with a certs-only PKCS#7 of the kind that once crashed the parser, a 202 whose Retry-After no
 * clock can add, a body dripped byte by byte past the enrollment deadline, a certificate from another CA, an expired
 * certificate and a certificate for another key. Each is a failed attempt: Renew now answers with the reason, the
 * certificate in use stays, the credential shows its last error and plans its next attempt (within its retry
 * period, whatever the server asked). Then the server answers well, and the credential is renewed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EstFaultsTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-est-faults.local";
    private static final String HEALTHY = "auth=EITHER\nhonour_csr_extensions=true\n";

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("est-faults");
        EstServerBeside.start(home);
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    private Path control() {
        return home().resolve("est");
    }

    private void knobs(String properties) throws Exception {
        Path file = control().resolve("knobs.properties");
        Files.writeString(file, properties);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    }

    private X509Certificate deviceIdentity() throws Exception {
        return services().get(CertificateService.class).get(CredentialIds.DEVICE_ID).leaf();
    }

    @Test
    public void every_fault_is_a_failed_attempt_with_a_planned_retry_and_a_healthy_server_renews() throws Exception {
        knobs(HEALTHY);
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[provisioning]\nsource = \"manual\"\n"
                + "iothub_hostname = \"hub.example.net\"\ndevice_id = \"gw1\"\n\n[provisioning.authentication]\n"
                + "method = \"x509\"\n\n[provisioning.authentication.identity_cert]\nmethod = \"est\"\n"
                + "common_name = \"gw1\"\n\n[provisioning.authentication.identity_cert.auto_renew]\nrotate_key = true\n"
                + "threshold = \"80%\"\nretry = \"4%\"\n\n[cert_issuance.est]\ntrusted_certs = [\""
                + home().resolve("pki/est-ca.pem").toUri() + "\"]\n\n[cert_issuance.est.auth]\nusername = \"estuser\"\n"
                + "password = \"estpwd\"\n\n[cert_issuance.est.urls]\ndefault = \""
                + Files.readString(control().resolve("url")) + "\"\n");
        CredentialService credentials = services().get(CredentialService.class);
        awaitTrue("the device identity is enrolled", () -> services().get(CertificateService.class)
                .find(CredentialIds.DEVICE_ID).isPresent() && credentials.status(CredentialIds.DEVICE_ID).isPresent());
        // a dripping server is cut off after 5 s (the default is 120 s), set in Config Admin as an operator would
        update(services().get(ConfigurationAdmin.class), "org.edgepki.issuer.est", "deadline_seconds", 5);
        X509Certificate inUse = deviceIdentity();
        Duration retryPeriod = Duration.between(inUse.getNotBefore().toInstant(), inUse.getNotAfter().toInstant())
                .multipliedBy(4).dividedBy(100);

        List<String> seen = new ArrayList<>();
        for (String fault : List.of("CRASHING_PKCS7", "HUGE_RETRY_AFTER", "DRIP", "OTHER_CA", "EXPIRED", "OTHER_KEY")) {
            knobs(HEALTHY + "fault=" + fault + "\n");
            Instant asked = Instant.now();
            CredentialException answer = null;
            try {
                credentials.renewNow(CredentialIds.DEVICE_ID);
            } catch (CredentialException e) {
                answer = e;
            }
            assertNotNull(fault + ": Renew now answers with the failure", answer);
            assertFalse(fault + ": " + answer.getMessage(), answer.getMessage().contains("estpwd"));
            CredentialStatus status = credentials.status(CredentialIds.DEVICE_ID).orElseThrow();
            assertTrue(fault + ": the last error is shown: " + status, status.lastError().orElse("")
                    .contains(answer.rule()));
            Instant next = status.nextAttempt().orElseThrow(() -> new AssertionError(fault + ": no next attempt"));
            assertTrue(fault + ": the next attempt " + next + " is planned within the retry period " + retryPeriod,
                    !next.isBefore(asked) && !next.isAfter(Instant.now().plus(retryPeriod)));
            assertEquals(fault + ": the certificate in use stays", inUse, deviceIdentity());
            seen.add(fault + " → " + answer.getMessage());
        }
        System.out.println("EST faults, each a failed attempt:\n  " + String.join("\n  ", seen));
        assertTrue(seen.get(0), seen.get(0).contains("PKCS#7"));
        assertTrue(seen.get(1), seen.get(1).contains("manual approval"));
        assertTrue(seen.get(2), seen.get(2).contains("deadline"));
        assertTrue(seen.get(3), seen.get(3).contains("none of its CA certificates"));
        assertTrue(seen.get(4), seen.get(4).contains("not valid now"));
        assertTrue(seen.get(5), seen.get(5).contains("no certificate for the requested key"));

        knobs(HEALTHY);
        CredentialStatus renewed = credentials.renewNow(CredentialIds.DEVICE_ID);
        assertEquals(java.util.Optional.empty(), renewed.lastError());
        assertNotEquals("renewed once the server is healthy", inUse, deviceIdentity());
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.edgepki.") && bundle.getHeaders().get("Fragment-Host") == null) {
                assertEquals(bundle.getSymbolicName() + " keeps running", Bundle.ACTIVE, bundle.getState());
            }
        }
    }
}
