package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
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
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A manual Edge CA from a PKI's files is validated before use; every kind of bad file is a clear
 * error naming the file and the rule, nothing is overwritten and the runtime keeps running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManualEdgeCaTest extends RuntimeTest {
    private static final String HOME_NAME = "manual";
    private static final String HOSTNAME = "gateway.local";

    private final TestPki pki = new TestPki();

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory(HOME_NAME))};
    }

    private final Path files = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("pki");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void a_valid_manual_edge_ca_issues_module_certificates_that_openssl_verifies() throws Exception {
        TestPki.Issued edgeCa = pki.goodEdgeCa();
        useManualEdgeCa(pki.writeChain(files.resolve("edge-ca.pem"), edgeCa.certificate()),
                pki.writeKey(files.resolve("edge-ca.key.pem"), edgeCa.key()));

        List<X509Certificate> chain = awaitEdgeCaChain(edgeCa.certificate());
        assertEquals(List.of(edgeCa.certificate(), pki.root), chain);

        WorkloadCredential server = services().get(WorkloadCertificates.class).serverCertificate("edgeHub", HOSTNAME,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
        assertEquals(List.of(server.chain().get(0), edgeCa.certificate(), pki.root), server.chain());
        Path root = Pem.write(files.resolve("root.pem"), List.of(pki.root));
        Path intermediate = Pem.write(files.resolve("intermediate.pem"), List.of(edgeCa.certificate()));
        Path leaf = Pem.write(files.resolve("leaf.pem"), List.of(server.chain().get(0)));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(),
                "-purpose", "sslserver", "-verify_hostname", HOSTNAME, leaf.toString());
        assertEquals(verify.output(), 0, verify.exitCode());
    }

    /**
     * A manual Edge CA whose files are not there yet: check reports it as an ERROR until they appear, then it is
     * picked up by itself (no restart, no config.toml edit), and the trust bundle holds its root.
     */
    @Test
    public void a_manual_edge_ca_whose_files_appear_later_is_picked_up_and_check_reports_it_until_then()
            throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain(); // the quickstart one, first
        TestPki.Issued edgeCa = pki.goodEdgeCa();
        Path cert = files.resolve("later.pem");
        Path key = files.resolve("later.key.pem");
        useManualEdgeCa(cert, key);
        awaitEdgeCaError("later");
        Finding setup = finding("edge-ca-setup");
        assertEquals(setup.toString(), Severity.ERROR, setup.severity());
        assertTrue(setup.toString(), setup.message().contains("the Edge CA is not set up") && setup.message()
                .contains("later"));

        pki.writeKey(key, edgeCa.key());
        pki.writeChain(cert, edgeCa.certificate());
        awaitEdgeCaChain(edgeCa.certificate());
        assertEquals(Severity.OK, finding("edge-ca-setup").severity());
        Finding root = finding("trust-bundle-root");
        assertEquals("the trust bundle holds the new chain's root: " + root, Severity.OK, root.severity());
    }

    private Finding finding(String check) throws Exception {
        List<Finding> findings = services().get(CheckService.class).run().findings().stream()
                .filter(finding -> finding.check().equals(check)).toList();
        assertEquals(findings.toString(), 1, findings.size());
        return findings.get(0);
    }

    @Test
    public void bad_edge_ca_files_are_rejected_naming_the_file_and_the_rule() throws Exception {
        // The runtime starts with a quickstart Edge CA; let it finish before watching the store.
        services().get(WorkloadCertificates.class).edgeCaChain();
        Instant now = Instant.now();
        TestPki.Issued good = pki.goodEdgeCa();
        Path goodKey = pki.writeKey(files.resolve("good.key.pem"), good.key());

        TestPki.Issued expired = pki.edgeCa("expired CA", true, KeyUsage.keyCertSign, now.minus(Duration.ofDays(40)),
                Duration.ofDays(30));
        expectRejected(pki.writeChain(files.resolve("expired.pem"), expired.certificate()),
                pki.writeKey(files.resolve("expired.key.pem"), expired.key()), "expired on");

        TestPki.Issued notCa = pki.edgeCa("leaf only", false, KeyUsage.digitalSignature, now.minusSeconds(60),
                Duration.ofDays(30));
        expectRejected(pki.writeChain(files.resolve("not-ca.pem"), notCa.certificate()),
                pki.writeKey(files.resolve("not-ca.key.pem"), notCa.key()), "not a CA certificate");

        TestPki.Issued sameName = pki.edgeCa(HOSTNAME, true, KeyUsage.keyCertSign, now.minusSeconds(60),
                Duration.ofDays(30));
        expectRejected(pki.writeChain(files.resolve("same-name.pem"), sameName.certificate()),
                pki.writeKey(files.resolve("same-name.key.pem"), sameName.key()), "equals the hostname");

        TestPki.Issued other = pki.goodEdgeCa();
        expectRejected(pki.writeChain(files.resolve("mismatch.pem"), good.certificate()),
                pki.writeKey(files.resolve("other.key.pem"), other.key()), "does not match");

        Path truncated = files.resolve("truncated.pem");
        String pem = TestPki.pem(good.certificate());
        TestPki.write(truncated, pem.substring(0, pem.length() / 2), "rw-r--r--");
        expectRejected(truncated, goodKey, truncated.toString());

        expectRejected(goodKey, goodKey, "private key");

        Path missing = files.resolve("missing.pem");
        expectRejected(missing, goodKey, missing.toString());

        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE).map(Bundle::getSymbolicName).toList();
        assertEquals("the runtime keeps running", List.of(), notActive);
    }

    private void expectRejected(Path cert, Path key, String expected) throws Exception {
        byte[] certBefore = Files.exists(cert) ? Files.readAllBytes(cert) : null;
        byte[] keyBefore = Files.readAllBytes(key);
        List<Path> storedBefore = storedFiles();
        useManualEdgeCa(cert, key);

        // the stores take the new files one after the other: an error about a mix of old and new files may come first
        WorkloadException error = awaitWorkloadError("an error containing '" + expected + "' naming " + cert + " or "
                + key, message -> message.contains(expected) && (message.contains(cert.toString())
                        || message.contains(key.toString())), WorkloadCertificates::edgeCaChain);
        assertFalse("a security decision is not retryable: " + error.getMessage(), error.isRetryable());
        assertTrue("names the file: " + error.getMessage(),
                error.getMessage().contains(cert.toString()) || error.getMessage().contains(key.toString()));
        if (certBefore != null) {
            assertArrayEquals("the certificate file is never rewritten", certBefore, Files.readAllBytes(cert));
        }
        assertArrayEquals("the key file is never rewritten", keyBefore, Files.readAllBytes(key));
        assertEquals("nothing is written to the stores", storedBefore, storedFiles());
    }

    private void useManualEdgeCa(Path cert, Path key) throws Exception {
        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        update(configAdmin, "org.edgepki.keystore", "preloaded_keys",
                new String[] {CredentialIds.EDGE_CA + "=" + key.toUri()});
        update(configAdmin, "org.edgepki.certstore", "preloaded_certs",
                new String[] {CredentialIds.EDGE_CA + "=" + cert.toUri()});
        awaitTrue("the stores use the new files", () -> locationIs(cert, key));
        update(configAdmin, "org.edgepki.edge", "hostname", HOSTNAME);
        useManualEdgeCaCredential(configAdmin);
    }

    private boolean locationIs(Path cert, Path key) {
        String certUri = cert.toUri().toString();
        String keyUri = key.toUri().toString();
        boolean certApplied;
        try {
            // a file not there yet: the store shows no Edge CA (not the quickstart one it made before)
            certApplied = services().get(CertificateService.class).find(CredentialIds.EDGE_CA)
                    .map(c -> c.location().toString().equals(certUri)).orElse(!Files.exists(cert));
        } catch (EdgePkiException e) {
            certApplied = e.getMessage().contains(cert.toString());
        }
        boolean keyApplied;
        try {
            keyApplied = services().get(KeyService.class).find(CredentialIds.EDGE_CA)
                    .map(k -> k.location().toString().equals(keyUri)).orElse(!Files.exists(key));
        } catch (EdgePkiException e) {
            keyApplied = e.getMessage().contains(key.toString());
        }
        return certApplied && keyApplied;
    }


    private List<X509Certificate> awaitEdgeCaChain(X509Certificate expected) throws Exception {
        List<List<X509Certificate>> result = new java.util.ArrayList<>();
        awaitTrue("the Edge CA becomes " + expected.getSubjectX500Principal(), () -> {
            try {
                List<X509Certificate> chain = services().get(WorkloadCertificates.class).edgeCaChain();
                result.add(chain);
                return chain.get(0).equals(expected);
            } catch (WorkloadException e) {
                return false;
            }
        });
        return result.get(result.size() - 1);
    }

    private List<Path> storedFiles() throws Exception {
        Path certs = home().resolve("certd/certs");
        if (!Files.isDirectory(certs)) {
            return List.of();
        }
        try (var list = Files.list(certs)) {
            return list.filter(p -> p.getFileName().toString().startsWith("aziotedgedca-")).sorted().toList();
        }
    }
}
