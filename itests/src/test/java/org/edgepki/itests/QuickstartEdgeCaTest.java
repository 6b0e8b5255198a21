package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The quickstart Edge CA and the edgeHub certificate of a runtime started with no configuration. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuickstartEdgeCaTest extends RuntimeTest {
    private static final String HOME_NAME = "quickstart";

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory(HOME_NAME))};
    }

    /** Only module certificates are issued on another bundle's request: never the Edge CA, even the default one. */
    @Test
    public void the_edge_ca_cannot_be_issued_on_request() throws Exception {
        X509Certificate edgeCa = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        try {
            services().get(CredentialService.class).issue(new CredentialRequest(CredentialIds.EDGE_CA, "forged CA",
                    CertificateProfile.CLIENT, List.of(), Duration.ofDays(1), "local_ca", CredentialIds.EDGE_CA,
                    "ec-p256"));
            fail("the Edge CA was issued on request");
        } catch (CredentialException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("only those are issued on request"));
        }
        assertEquals(edgeCa, services().get(CertificateService.class).get(CredentialIds.EDGE_CA).leaf());
    }

    @Test
    public void every_runtime_bundle_is_active() {
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders().get("Fragment-Host") == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .toList();
        assertEquals(List.of(), notActive);
    }

    @Test
    public void quickstart_edge_ca_has_the_documented_properties() throws Exception {
        List<X509Certificate> chain = services().get(WorkloadCertificates.class).edgeCaChain();
        assertEquals("a quickstart Edge CA is self-signed: a chain of one", 1, chain.size());
        X509Certificate ca = chain.get(0);
        String hostname = InetAddress.getLocalHost().getHostName().toLowerCase();

        assertEquals("CN=aziot-edge CA " + hostname, ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals("RSA-2048 by default", 2048, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
        assertEquals(Duration.ofDays(90), Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()));
        assertTrue("positive serial", ca.getSerialNumber().signum() > 0);
        assertTrue("serial of at most 128 bits", ca.getSerialNumber().bitLength() <= 128);

        X509CertificateHolder holder = new X509CertificateHolder(ca.getEncoded());
        Extension basicConstraints = holder.getExtension(Extension.basicConstraints);
        assertTrue("basicConstraints is critical", basicConstraints.isCritical());
        BasicConstraints constraints = BasicConstraints.getInstance(basicConstraints.getParsedValue());
        assertTrue(constraints.isCA());
        assertEquals(0, constraints.getPathLenConstraint().intValue());
        Extension keyUsage = holder.getExtension(Extension.keyUsage);
        assertTrue("keyUsage is critical", keyUsage.isCritical());
        assertTrue(KeyUsage.getInstance(keyUsage.getParsedValue())
                .hasUsages(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        assertNotNull("subjectKeyIdentifier", holder.getExtension(Extension.subjectKeyIdentifier));
    }

    @Test
    public void edgehub_certificate_is_issued_for_the_hostname_and_verifies_with_openssl() throws Exception {
        X509Certificate ca = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        StoredCertificate edgeHub = awaitCertificate(CredentialIds.moduleServer("edgeHub"));
        X509Certificate leaf = edgeHub.leaf();
        String hostname = InetAddress.getLocalHost().getHostName().toLowerCase();

        assertEquals("CN=" + hostname, leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
        assertEquals(List.of(List.of(2, hostname), List.of(2, "edgeHub")),
                leaf.getSubjectAlternativeNames().stream().toList());
        assertFalse("capped at the Edge CA's expiry", leaf.getNotAfter().after(ca.getNotAfter()));
        assertTrue(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                .compareTo(Duration.ofDays(30)) <= 0);

        Path dir = Files.createTempDirectory("edgehub");
        Path caFile = Pem.write(dir.resolve("ca.pem"), List.of(ca));
        Path leafFile = Pem.write(dir.resolve("leaf.pem"), List.of(leaf));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", caFile.toString(), "-purpose", "sslserver",
                "-verify_hostname", hostname, leafFile.toString());
        assertEquals(verify.output(), 0, verify.exitCode());
    }

    @Test
    public void a_client_trusting_only_the_edge_ca_accepts_edgehub_over_tls_with_hostname_verification()
            throws Exception {
        X509Certificate ca = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        StoredCertificate edgeHub = awaitCertificate(CredentialIds.moduleServer("edgeHub"));
        X509KeyManager keyManager = services().get(KeyService.class).keyManager(edgeHub.id(), edgeHub.chain());
        String hostname = InetAddress.getLocalHost().getHostName().toLowerCase();

        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            assertEquals("hello from edgeHub", TlsLoopback.handshake(keyManager, ca, hostname, protocol));
        }
        try {
            TlsLoopback.handshake(keyManager, ca, "not-" + hostname, "TLSv1.3");
            fail("a client connecting to another name must reject the certificate");
        } catch (SSLHandshakeException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("not-" + hostname));
        }
    }

    @Test
    public void key_and_certificate_files_have_the_documented_permissions() throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain();
        awaitCertificate(CredentialIds.moduleServer("edgeHub"));
        Path keys = home().resolve("keyd/keys");
        Path certs = home().resolve("certd/certs");

        assertEquals("rwx------", mode(keys));
        assertEquals("rwxr-xr-x", mode(certs));
        try (Stream<Path> files = Files.list(keys)) {
            List<Path> keyFiles = files.toList();
            assertTrue(keyFiles.size() >= 2);
            for (Path key : keyFiles) {
                assertEquals(key.toString(), "rw-------", mode(key));
            }
        }
        try (Stream<Path> files = Files.list(certs)) {
            for (Path cert : files.toList()) {
                assertEquals(cert.toString(), "rw-r--r--", mode(cert));
            }
        }
        assertTrue("the Edge CA is where IoT Edge's documentation looks", Files.exists(certs.resolve(
                "aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer")));
        assertTrue(Files.exists(keys.resolve(
                "aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.key")));
    }

    @Test
    public void a_restart_of_edgepki_keeps_the_same_edge_ca() throws Exception {
        X509Certificate before = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        byte[] keyBefore = services().get(KeyService.class).get(CredentialIds.EDGE_CA).publicKey().getEncoded();

        List<Bundle> edgepki = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.edgepki.") && !b.getSymbolicName().equals("org.edgepki.api"))
                .toList();
        for (Bundle bundle : edgepki) {
            bundle.stop();
        }
        for (Bundle bundle : edgepki) {
            bundle.start();
        }

        X509Certificate after = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        assertEquals(before, after);
        assertArrayEquals(keyBefore, services().get(KeyService.class).get(CredentialIds.EDGE_CA).publicKey().getEncoded());
    }

    private StoredCertificate awaitCertificate(String certId) throws Exception {
        CertificateService certs = services().get(CertificateService.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var found = certs.find(certId);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(certId + " was not issued within 60 s");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
