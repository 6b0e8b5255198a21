package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandProcessor;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadEvents;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Certificates from an EST server (the test EST server on loopback, beside the framework) in a
 * running gateway: config.toml switched from the quickstart Edge CA to {@code method = "est"} takes
 * effect live (module certificates issued again from the new Edge CA, no bundle restarted); its
 * renewal uses {@code /simplereenroll} authenticated by itself; an answer that cannot be a CA is
 * refused and the Edge CA in use stays. A DPS device identity is enrolled through the bootstrap
 * flow: bootstrap certificate → EST identity → device identity, and the EST identity is renewed by
 * its own policy through re-enrollment.
 *
 * <p>The server runs outside the framework, so the test steers it through files
 * ({@link EstServerBeside}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EstIssuanceTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-est.local";
    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("est");
        EstServerBeside.start(home);
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    /** The EST server's CA, as the server beside wrote it. */
    private X509Certificate estCa() throws Exception {
        return Pem.parse(Files.readString(home().resolve("pki/est-ca.pem"))).get(0);
    }

    private Path control() {
        return home().resolve("est");
    }

    private String estSection() throws Exception {
        return "[cert_issuance.est]\ntrusted_certs = [\"" + home().resolve("pki/est-ca.pem").toUri() + "\"]\n\n"
                + "[cert_issuance.est.urls]\ndefault = \"" + Files.readString(control().resolve("url")) + "\"\n";
    }

    private void knobs(String properties) throws Exception {
        Path file = control().resolve("knobs.properties");
        Files.writeString(file, properties);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    }

    private List<String> requests() throws Exception {
        Path log = control().resolve("requests.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private X509Certificate leaf(String id) throws Exception {
        return services().get(CertificateService.class).get(id).leaf();
    }

    @Test
    public void the_edge_ca_switches_to_est_live_renews_by_reenrollment_and_refuses_a_non_ca() throws Exception {
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the quickstart Edge CA", () -> certs.find(CredentialIds.EDGE_CA).isPresent()
                && certs.get(CredentialIds.EDGE_CA).leaf().getIssuerX500Principal()
                        .equals(certs.get(CredentialIds.EDGE_CA).leaf().getSubjectX500Principal()));
        BlockingQueue<Event> rotations = new LinkedBlockingQueue<>();
        context.registerService(EventHandler.class, rotations::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, WorkloadEvents.TOPIC_EDGE_CA_ROTATED)));
        String sensor = CredentialIds.moduleIdentity("tempSensor");
        services().get(WorkloadCertificates.class).identityCertificate("tempSensor");
        Map<Long, Integer> bundles = bundleStates();
        knobs("auth=EITHER\nhonour_csr_extensions=true\n");

        // config.toml switches the Edge CA to EST, with HTTP Basic authentication
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nmethod = \"est\"\nusername = \""
                + "estuser" + "\"\npassword = \"" + "estpwd" + "\"\n\n" + estSection());
        awaitTrue("the Edge CA is issued by EST", () -> leaf(CredentialIds.EDGE_CA).getIssuerX500Principal()
                .equals(estCa().getSubjectX500Principal()));
        List<X509Certificate> chain = certs.get(CredentialIds.EDGE_CA).chain();
        assertEquals("the enrolled certificate, then /cacerts", estCa(), chain.get(1));
        // the password went to the EST server from a 0600 file; Config Admin names the file, never the password
        SecretsAtRest.assertOnlyInSecretFiles(services().get(ConfigurationAdmin.class), home(), "estpwd");
        assertEquals(0, chain.get(0).getBasicConstraints());
        assertTrue("keyCertSign", chain.get(0).getKeyUsage()[5]);
        assertTrue(requests().toString(), requests().contains("GET cacerts none")
                && requests().contains("POST simpleenroll basic"));

        // module certificates are issued again from it and announced; nothing restarted
        Event rotated = rotations.poll(30, TimeUnit.SECONDS);
        assertTrue("EDGE_CA_ROTATED", rotated != null);
        assertTrue(Arrays.asList((String[]) rotated.getProperty(WorkloadEvents.REISSUED_CERT_IDS)).contains(sensor));
        assertEquals(chain.get(0), certs.get(sensor).chain().get(1));
        awaitTrue("edgeHub from the EST Edge CA", () -> certs.get(CredentialIds.moduleServer("edgeHub")).chain()
                .get(1).equals(leaf(CredentialIds.EDGE_CA)));
        assertEquals("no bundle restarted", bundles, bundleStates());
        String url = Files.readString(control().resolve("url"));
        String check = Gogo.run(services().get(CommandProcessor.class), "edgepki:check");
        assertTrue(check, Pattern.compile("(?m)^OK +est-server +" + Pattern.quote(url)
                + ": reachable with a trusted TLS chain; /cacerts sent 1 CA certificate").matcher(check).find());

        // renewal: /simplereenroll, authenticated with the Edge CA being renewed
        CredentialService renewal = services().get(CredentialService.class);
        awaitTrue("the Edge CA is managed", () -> renewal.status(CredentialIds.EDGE_CA)
                .map(status -> "est".equals(status.method())).orElse(false));
        X509Certificate before = leaf(CredentialIds.EDGE_CA);
        renewal.renewNow(CredentialIds.EDGE_CA);
        X509Certificate renewed = leaf(CredentialIds.EDGE_CA);
        assertNotEquals(before, renewed);
        assertEquals(before.getSubjectX500Principal(), renewed.getSubjectX500Principal());
        String reenroll = "POST simplereenroll cert:" + before.getSubjectX500Principal().getName();
        assertTrue(requests().toString(), requests().contains(reenroll));

        // a server that ignores the CA extensions: refused, the Edge CA in use stays
        knobs("auth=EITHER\nhonour_csr_extensions=false\n");
        CredentialException refused = null;
        try {
            renewal.renewNow(CredentialIds.EDGE_CA);
        } catch (CredentialException e) {
            refused = e;
        }
        assertTrue("a non-CA answer is refused", refused != null);
        assertTrue(refused.getMessage(), refused.getMessage().contains("cannot act as a CA"));
        assertEquals(renewed, leaf(CredentialIds.EDGE_CA));
        assertTrue(!refused.getMessage().contains("estpwd"));

        // the server fails: a retryable error, the Edge CA in use stays, the retry is planned
        knobs("auth=EITHER\nhonour_csr_extensions=true\nfault=STATUS_500\n");
        CredentialException failed = null;
        try {
            renewal.renewNow(CredentialIds.EDGE_CA);
        } catch (CredentialException e) {
            failed = e;
        }
        assertTrue("a server error fails the attempt", failed != null && failed.isRetryable());
        assertTrue(failed.getMessage(), failed.getMessage().contains("HTTP 500"));
        assertEquals(renewed, leaf(CredentialIds.EDGE_CA));
        assertTrue(renewal.status(CredentialIds.EDGE_CA).orElseThrow().nextAttempt().isPresent());
        knobs("auth=EITHER\nhonour_csr_extensions=true\n");

        // check: an EST server whose TLS chain does not lead to trusted_certs is an error
        Path otherCa = Pem.write(home().resolve("other-ca.pem"), List.of(new TestPki().root));
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nmethod = \"est\"\n\n"
                + estSection().replace(home().resolve("pki/est-ca.pem").toUri().toString(), otherCa.toUri().toString()));
        awaitTrue("check reports the untrusted EST server", () -> Pattern.compile("(?m)^ERROR +est-server +"
                + Pattern.quote(url) + ": .*\\n +fix: check the URL and the network; the server's TLS certificate must chain to")
                .matcher(Gogo.run(services().get(CommandProcessor.class), "edgepki:check")).find());
    }

    @Test
    public void a_device_identity_is_enrolled_through_bootstrap_and_est_identity() throws Exception {
        knobs("auth=CLIENT_CERT\nhonour_csr_extensions=true\n");
        saveConfigToml(dpsIdentityFromEstWithBootstrap(""));
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the device identity is enrolled", () -> certs.find(CredentialIds.DEVICE_ID).isPresent());
        awaitTrue("the EST identity is enrolled", () -> certs.find(CredentialIds.EST_ID).isPresent());
        X509Certificate identity = leaf(CredentialIds.DEVICE_ID);
        assertEquals("CN=gw1", identity.getSubjectX500Principal().getName());
        assertEquals(estCa().getSubjectX500Principal(), identity.getIssuerX500Principal());
        X509Certificate estIdentity = leaf(CredentialIds.EST_ID);
        assertEquals(estCa().getSubjectX500Principal(), estIdentity.getIssuerX500Principal());
        List<String> requests = requests();
        int bootstrap = requests.indexOf("POST simpleenroll cert:CN=bootstrap-gw1");
        int enrolled = requests.lastIndexOf("POST simpleenroll cert:" + estIdentity.getSubjectX500Principal().getName());
        assertTrue(requests.toString(), bootstrap >= 0 && enrolled > bootstrap);

        // the EST identity is edgepki's: managed by identity_auto_renew, renewed by re-enrollment with itself
        CredentialService renewal = services().get(CredentialService.class);
        awaitTrue("the EST identity is managed", () -> renewal.status(CredentialIds.EST_ID).isPresent());
        assertTrue(renewal.status(CredentialIds.EST_ID).orElseThrow().policy(), renewal.status(CredentialIds.EST_ID)
                .orElseThrow().policy().contains("rotate key, renew at 80%"));
        renewal.renewNow(CredentialIds.EST_ID);
        X509Certificate renewedIdentity = leaf(CredentialIds.EST_ID);
        assertNotEquals(estIdentity, renewedIdentity);
        assertEquals(estIdentity.getSubjectX500Principal(), renewedIdentity.getSubjectX500Principal());
        assertTrue(requests().toString(), requests().contains("POST simplereenroll cert:"
                + estIdentity.getSubjectX500Principal().getName()));

        // an EST identity that expires is enrolled again with the bootstrap certificate, by its policy: the server
        // fails every request until the identity has expired (the scheduler would renew it in time otherwise)
        knobs("auth=CLIENT_CERT\nhonour_csr_extensions=true\nissued_lifetime_seconds=62\n");
        renewal.renewNow(CredentialIds.EST_ID); // valid two more seconds: its notBefore is a minute back
        knobs("auth=CLIENT_CERT\nhonour_csr_extensions=true\nfault=STATUS_500\n");
        Instant expiry = leaf(CredentialIds.EST_ID).getNotAfter().toInstant();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_000);
        int mark = requests().size();
        knobs("auth=CLIENT_CERT\nhonour_csr_extensions=true\n");
        awaitTrue("the expired EST identity is enrolled again through the bootstrap certificate", () -> requests()
                .subList(mark, requests().size()).contains("POST simpleenroll cert:CN=bootstrap-gw1")
                && leaf(CredentialIds.EST_ID).getNotAfter().getTime() > System.currentTimeMillis() + 60_000);
    }

    /** The documentation's {@code identity_cert = "<name>"}: the EST identity is enrolled, stored and renewed under it. */
    @Test
    public void an_est_identity_given_a_name_is_enrolled_and_kept_under_that_name() throws Exception {
        knobs("auth=CLIENT_CERT\nhonour_csr_extensions=true\n");
        String name = "gw1-named-est-identity";
        saveConfigToml(dpsIdentityFromEstWithBootstrap("identity_cert = \"" + name + "\"\nidentity_pk = \"" + name
                + "\"\n"));
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the EST identity is enrolled under its name", () -> certs.find(name).isPresent());
        assertEquals(estCa().getSubjectX500Principal(), leaf(name).getIssuerX500Principal());
        assertTrue("its key is under the same name", services().get(KeyService.class).find(name).isPresent());
        CredentialService renewal = services().get(CredentialService.class);
        awaitTrue("the named EST identity is managed", () -> renewal.status(name).isPresent());
        X509Certificate named = leaf(name);
        renewal.renewNow(name);
        assertTrue("renewed by re-enrolling with itself: " + requests(), requests().contains("POST simplereenroll cert:"
                + named.getSubjectX500Principal().getName()));
        assertNotEquals(named, leaf(name));
        awaitTrue("the device identity is enrolled", () -> certs.find(CredentialIds.DEVICE_ID).isPresent());
    }

    /** A DPS device whose identity comes from EST, with a bootstrap identity and {@code moreAuth} in [cert_issuance.est.auth]. */
    private String dpsIdentityFromEstWithBootstrap(String moreAuth) throws Exception {
        return "hostname = \"" + HOSTNAME + "\"\n\n[provisioning]\nsource = \"dps\"\n"
                + "global_endpoint = \"https://global.azure-devices-provisioning.net\"\nid_scope = \"0ab1234C5D6\"\n\n"
                + "[provisioning.attestation]\nmethod = \"x509\"\nregistration_id = \"gw1\"\n\n"
                + "[provisioning.attestation.identity_cert]\nmethod = \"est\"\ncommon_name = \"gw1\"\n\n"
                + estSection() + "\n[cert_issuance.est.auth]\nbootstrap_identity_cert = \""
                + home().resolve("pki/bootstrap.pem").toUri() + "\"\nbootstrap_identity_pk = \""
                + home().resolve("pki/bootstrap.key.pem").toUri() + "\"\n" + moreAuth;
    }

    private Map<Long, Integer> bundleStates() {
        return Arrays.stream(context.getBundles()).collect(Collectors.toMap(Bundle::getBundleId, Bundle::getState));
    }
}
