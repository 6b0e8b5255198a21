package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
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
 * Certificates living past 2038 and 2050 (issue 18, item 5), which IoT Edge 1.1 could not use: a manual Edge CA
 * valid until 2060, a quickstart Edge CA of 10000 days and an identity certificate valid until 2055 are accepted
 * from config.toml, module certificates capped at such an Edge CA end with it (GeneralizedTime from 2050, RFC 5280
 * 4.1.2.5) and openssl verifies them, renewal is planned at the share of the long lifetime, and the shell shows the
 * dates as they are. Each test saves the config.toml it needs, so the order does not matter.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FarFutureDatesTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-far.local";
    private static final String DEVICE_ID = "far-device";
    private static final Instant EDGE_CA_END = Instant.parse("2060-01-01T00:00:00Z");
    private static final Instant IDENTITY_END = Instant.parse("2055-06-30T12:00:00Z");
    private static final Instant FIRST_GENERALIZED_TIME = Instant.parse("2050-01-01T00:00:00Z");
    private static final int QUICKSTART_DAYS = 10000;
    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TestPki pki = new TestPki(Duration.between(Instant.now(), Instant.parse("2070-01-01T00:00:00Z")));

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("far-future"))};
    }

    @Test
    public void a_manual_edge_ca_valid_until_2060_issues_module_certificates_ending_with_it_that_openssl_verifies()
            throws Exception {
        Path files = Files.createTempDirectory("far-pki");
        Instant notBefore = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        TestPki.Issued edgeCa = pki.edgeCa("edgepki far Edge CA", true,
                KeyUsage.keyCertSign | KeyUsage.digitalSignature, notBefore, Duration.between(notBefore, EDGE_CA_END));
        Path root = Pem.write(files.resolve("root.pem"), List.of(pki.root));
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\ntrust_bundle_cert = \"" + root.toUri() + "\"\n\n[edge_ca]\n"
                + "cert = \"" + pki.writeChain(files.resolve("edge-ca.pem"), edgeCa.certificate()).toUri() + "\"\n"
                + "pk = \"" + pki.writeKey(files.resolve("edge-ca.key.pem"), edgeCa.key()).toUri() + "\"\n");
        awaitTrue("the 2060 Edge CA is in use", () -> edgeCa().map(edgeCa.certificate()::equals).orElse(false));
        assertEquals(EDGE_CA_END, edgeCa.certificate().getNotAfter().toInstant());
        assertTrue(notAfter(edgeCa.certificate()) instanceof ASN1GeneralizedTime);

        X509Certificate leaf = moduleCertificateEndingWith("farModule", EDGE_CA_END).chain().get(0);
        assertTrue("GeneralizedTime from 2050: " + notAfter(leaf), notAfter(leaf) instanceof ASN1GeneralizedTime);
        assertEquals("20600101000000Z", ((ASN1GeneralizedTime) notAfter(leaf)).getTimeString());
        Path leafFile = Pem.write(files.resolve("leaf.pem"), List.of(leaf));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", root.toString(), "-untrusted",
                Pem.write(files.resolve("edge-ca-only.pem"), List.of(edgeCa.certificate())).toString(), "-purpose",
                "sslserver", "-verify_hostname", HOSTNAME, leafFile.toString());
        assertEquals(verify.output(), 0, verify.exitCode());
        assertOpenSslEndDate(leafFile, EDGE_CA_END);
        assertRenewalPlannedAtEightyPercent(CredentialIds.moduleServer("farModule"), leaf);
    }

    @Test
    public void a_quickstart_edge_ca_of_10000_days_lives_past_2050_and_is_renewed_at_80_percent_of_it()
            throws Exception {
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[edge_ca]\nauto_generated_edge_ca_expiry_days = "
                + QUICKSTART_DAYS + "\n");
        awaitTrue("a quickstart Edge CA of " + QUICKSTART_DAYS + " days", () -> edgeCa().map(ca -> Duration.between(
                ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).equals(Duration.ofDays(QUICKSTART_DAYS))
                && ca.getSubjectX500Principal().getName().equals("CN=aziot-edge CA " + HOSTNAME)).orElse(false));
        X509Certificate ca = edgeCa().orElseThrow();
        assertTrue(ca.getNotAfter().toInstant() + " is past 2050", !ca.getNotAfter().toInstant()
                .isBefore(FIRST_GENERALIZED_TIME));
        assertTrue("the self-signed issuer writes GeneralizedTime: " + notAfter(ca),
                notAfter(ca) instanceof ASN1GeneralizedTime);
        Path files = Files.createTempDirectory("far-quickstart");
        Path caFile = Pem.write(files.resolve("ca.pem"), List.of(ca));
        assertOpenSslEndDate(caFile, ca.getNotAfter().toInstant());
        assertRenewalPlannedAtEightyPercent(CredentialIds.EDGE_CA, ca);

        X509Certificate leaf = moduleCertificateEndingWith("farQuickstartModule", ca.getNotAfter().toInstant())
                .chain().get(0);
        assertTrue(notAfter(leaf) instanceof ASN1GeneralizedTime);
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", caFile.toString(), "-purpose", "sslserver",
                "-verify_hostname", HOSTNAME, Pem.write(files.resolve("leaf.pem"), List.of(leaf)).toString());
        assertEquals(verify.output(), 0, verify.exitCode());
    }

    @Test
    public void an_identity_certificate_valid_until_2055_is_accepted_and_the_shell_shows_its_dates() throws Exception {
        Path files = Files.createTempDirectory("far-identity");
        Instant notBefore = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        TestPki.Issued identity = pki.edgeCa(DEVICE_ID, false, KeyUsage.digitalSignature, notBefore,
                Duration.between(notBefore, IDENTITY_END));
        saveConfigToml("hostname = \"" + HOSTNAME + "\"\n\n[provisioning]\nsource = \"manual\"\n"
                + "iothub_hostname = \"far-hub.azure-devices.net\"\ndevice_id = \"" + DEVICE_ID + "\"\n\n"
                + "[provisioning.authentication]\nmethod = \"x509\"\nidentity_cert = \""
                + pki.writeChain(files.resolve("identity.pem"), identity.certificate()).toUri() + "\"\nidentity_pk = \""
                + pki.writeKey(files.resolve("identity.key.pem"), identity.key()).toUri() + "\"\n");
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the 2055 identity certificate is the device identity", () -> certs.find(CredentialIds.DEVICE_ID)
                .map(StoredCertificate::leaf).map(identity.certificate()::equals).orElse(false));
        assertTrue(notAfter(identity.certificate()) instanceof ASN1GeneralizedTime);

        long daysBefore = daysUntil(IDENTITY_END);
        String table = gogo("edgepki:certs");
        long daysAfter = daysUntil(IDENTITY_END);
        Matcher row = Pattern.compile("(?m)^" + Pattern.quote(CredentialIds.DEVICE_ID) + " +" + DEVICE_ID
                + " +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ +2055-06-30 12:00Z +(\\d+) .* ok$").matcher(table);
        assertTrue(table, row.find());
        long days = Long.parseLong(row.group(1));
        assertTrue(days + " days left, counted to 2055\n" + table, days == daysBefore || days == daysAfter);

        String described = gogo("edgepki:cert " + CredentialIds.DEVICE_ID);
        assertTrue(described, Pattern.compile("(?m)^  not after: +2055-06-30T12:00:00Z$").matcher(described).find());
        assertTrue(described, Pattern.compile("(?m)^  not before: +" + Pattern.quote(notBefore.toString()) + "$")
                .matcher(described).find());
        assertFalse(described, described.toLowerCase(Locale.ROOT).contains("expired"));
    }

    /**
     * Issues module server certificates, with a module validity of 100 years, until one comes with the settings in
     * force (Config Admin delivers them asynchronously): capped, it ends when the Edge CA does.
     */
    private WorkloadCredential moduleCertificateEndingWith(String module, Instant edgeCaEnd) throws Exception {
        update(services().get(ConfigurationAdmin.class), "org.edgepki.edge", "module_cert_validity_days", 36500);
        WorkloadCredential[] issued = new WorkloadCredential[1];
        awaitTrue("a module certificate for " + module + " ending at " + edgeCaEnd, () -> {
            try {
                issued[0] = services().get(WorkloadCertificates.class).serverCertificate(module, HOSTNAME,
                        List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
                return issued[0].chain().get(0).getNotAfter().toInstant().equals(edgeCaEnd);
            } catch (WorkloadException e) {
                return false;
            }
        });
        return issued[0];
    }

    /** The renewal is planned at 80 % of the lifetime, at most 5 % of the 4 % retry period later (jitter). */
    private void assertRenewalPlannedAtEightyPercent(String credentialId, X509Certificate certificate)
            throws Exception {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, certificate.getNotAfter().toInstant());
        Instant renewAt = notBefore.plus(lifetime.multipliedBy(80).dividedBy(100));
        Duration jitter = lifetime.multipliedBy(4).dividedBy(100).multipliedBy(5).dividedBy(100);
        CredentialService credentials = services().get(CredentialService.class);
        AtomicReference<Instant> next = new AtomicReference<>();
        awaitTrue(credentialId + " planned for renewal", () -> {
            next.set(credentials.status(credentialId).filter(status -> status.notAfter()
                    .equals(Optional.of(certificate.getNotAfter().toInstant()))).flatMap(CredentialStatus::nextAttempt)
                    .filter(Instant.now()::isBefore).orElse(null));
            return next.get() != null;
        });
        Instant planned = next.get();
        assertFalse(planned + " before " + renewAt, planned.isBefore(renewAt.minusSeconds(1)));
        assertFalse(planned + " later than " + renewAt + " + " + jitter, planned.isAfter(renewAt.plus(jitter)
                .plusSeconds(1)));
    }

    private void assertOpenSslEndDate(Path pem, Instant notAfter) {
        OpenSsl.Result dates = OpenSsl.run("x509", "-noout", "-enddate", "-in", pem.toString());
        assertEquals(dates.output(), "notAfter=" + OPENSSL_TIME.format(notAfter), dates.output().strip());
    }

    private Optional<X509Certificate> edgeCa() {
        try {
            return Optional.of(services().get(WorkloadCertificates.class).edgeCaChain().get(0));
        } catch (WorkloadException e) {
            return Optional.empty();
        }
    }

    private static ASN1Primitive notAfter(X509Certificate certificate) throws Exception {
        return TBSCertificate.getInstance(certificate.getTBSCertificate()).getEndDate().toASN1Primitive();
    }

    private static long daysUntil(Instant instant) {
        return Math.floorDiv(Duration.between(Instant.now(), instant).toHours(), 24);
    }

    private String gogo(String command) throws Exception {
        return Gogo.run(services().get(CommandProcessor.class), command);
    }
}
