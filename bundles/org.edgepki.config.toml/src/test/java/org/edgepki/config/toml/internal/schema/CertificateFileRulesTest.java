package org.edgepki.config.toml.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate files config.toml names, checked where they can be read (config check and every apply). */
class CertificateFileRulesTest {
    private static final KeyPair ROOT_KEY = keyPair();
    private static final KeyPair CA_KEY = keyPair();

    @TempDir
    Path dir;

    @Test
    void a_manual_edge_ca_with_pathlen_2_is_accepted_with_a_warning_and_its_root_missing_from_the_trust_bundle_too()
            throws Exception {
        X509Certificate root = certificate("CN=PKI root", ROOT_KEY, "CN=PKI root", ROOT_KEY, new BasicConstraints(true));
        X509Certificate edgeCa = certificate("CN=gw1 Edge CA", CA_KEY, "CN=PKI root", ROOT_KEY, new BasicConstraints(2));
        Path chain = pem("edge-ca.pem", edgeCa, root);
        Path trust = pem("trust.pem", certificate("CN=other", keyPair(), "CN=other", null, new BasicConstraints(true)));
        ConfigReader.Result result = read(manualEdgeCa(chain, trust));
        assertTrue(result.config().isPresent(), shown(result));
        assertTrue(has(result, Severity.WARNING, "edge_ca.cert", "pathlen is 2: the Edge CA could sign further CA"),
                shown(result));
        assertTrue(has(result, Severity.WARNING, "trust_bundle_cert", "does not hold the root of the Edge CA chain"),
                shown(result));

        ConfigReader.Result withRoot = read(manualEdgeCa(chain, pem("root.pem", root)));
        assertFalse(has(withRoot, Severity.WARNING, "trust_bundle_cert", ""), shown(withRoot));
    }

    @Test
    void a_manual_edge_ca_whose_chain_does_not_verify_is_rejected() throws Exception {
        X509Certificate edgeCa = certificate("CN=gw1 Edge CA", CA_KEY, "CN=PKI root", ROOT_KEY, new BasicConstraints(0));
        X509Certificate impostor = certificate("CN=PKI root", keyPair(), "CN=PKI root", null,
                new BasicConstraints(true));
        ConfigReader.Result result = read(manualEdgeCa(pem("edge-ca.pem", edgeCa, impostor), null));
        assertFalse(result.config().isPresent());
        assertTrue(has(result, Severity.ERROR, "edge_ca.cert", "the chain does not verify: certificate 1"),
                shown(result));
    }

    @Test
    void an_identity_file_must_name_the_device_id() throws Exception {
        X509Certificate identity = certificate("CN=gateway-1", CA_KEY, "CN=PKI root", ROOT_KEY, null);
        ConfigReader.Result wrong = read(manualIdentity(pem("id.pem", identity), "gw1"));
        assertTrue(has(wrong, Severity.ERROR, "provisioning.authentication.identity_cert",
                "the certificate's CN \"gateway-1\" must equal device_id \"gw1\""), shown(wrong));
        ConfigReader.Result right = read(manualIdentity(pem("id.pem", identity), "gateway-1"));
        assertTrue(right.config().isPresent(), shown(right));
    }

    @Test
    void a_manual_edge_ca_file_must_not_be_named_like_the_host_or_the_device() throws Exception {
        X509Certificate root = certificate("CN=PKI root", ROOT_KEY, "CN=PKI root", null, new BasicConstraints(true));
        X509Certificate edgeCa = certificate("CN=GW1", CA_KEY, "CN=PKI root", ROOT_KEY, new BasicConstraints(0));
        X509Certificate identity = certificate("CN=gw1", keyPair(), "CN=PKI root", ROOT_KEY, null);
        Path chain = pem("edge-ca.pem", edgeCa, root);
        ConfigReader.Result device = read(manualEdgeCa(chain, null) + manualIdentity(pem("id.pem", identity), "gw1"));
        assertTrue(has(device, Severity.ERROR, "edge_ca.cert", "the Edge CA CN must differ from the device id \"gw1\""),
                shown(device));
        ConfigReader.Result host = read("hostname = \"gw1\"\n" + manualEdgeCa(chain, null));
        assertTrue(has(host, Severity.ERROR, "edge_ca.cert", "the Edge CA CN must differ from hostname \"gw1\""),
                shown(host));
        assertFalse(read("hostname = \"gw2\"\n" + manualEdgeCa(chain, null)).problems().of(Severity.ERROR).stream()
                .anyMatch(problem -> problem.message().contains("must differ")));
    }

    /** Past 2050 a notAfter is a GeneralizedTime (RFC 5280 4.1.2.5): read and judged like any other. */
    @Test
    void a_manual_edge_ca_valid_until_2060_and_an_identity_valid_until_2055_are_accepted_without_a_finding()
            throws Exception {
        Instant rootEnd = Instant.parse("2070-01-01T00:00:00Z");
        X509Certificate root = certificate("CN=PKI root", ROOT_KEY, "CN=PKI root", null, new BasicConstraints(true),
                rootEnd);
        X509Certificate edgeCa = certificate("CN=gw1 Edge CA", CA_KEY, "CN=PKI root", ROOT_KEY,
                new BasicConstraints(0), Instant.parse("2060-01-01T00:00:00Z"));
        X509Certificate identity = certificate("CN=gw1", keyPair(), "CN=PKI root", ROOT_KEY, null,
                Instant.parse("2055-06-30T12:00:00Z"));

        ConfigReader.Result result = read(manualEdgeCa(pem("edge-ca.pem", edgeCa, root), pem("root.pem", root))
                + manualIdentity(pem("id.pem", identity, root), "gw1"));

        assertTrue(result.config().isPresent(), shown(result));
        assertEquals("", shown(result));
    }

    @Test
    void a_file_that_cannot_be_read_here_is_a_notice_and_one_that_is_no_certificate_an_error() throws Exception {
        ConfigReader.Result missing = read(manualEdgeCa(dir.resolve("absent.pem"), null));
        assertTrue(has(missing, Severity.NOTICE, "edge_ca.cert", "not read here"), shown(missing));
        assertTrue(missing.config().isPresent());
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertTrue(has(read(manualEdgeCa(junk, null)), Severity.ERROR, "edge_ca.cert", "no certificate")
                || has(read(manualEdgeCa(junk, null)), Severity.ERROR, "edge_ca.cert", "not a readable certificate"));
        Path huge = Files.write(dir.resolve("huge.pem"), new byte[CertificateFileRules.MAX_BYTES + 1]);
        assertTrue(has(read(manualEdgeCa(huge, null)), Severity.ERROR, "edge_ca.cert", "is larger than"));
        assertTrue(has(read(manualEdgeCa(dir, null)), Severity.NOTICE, "edge_ca.cert", "not read here"),
                "a directory is not read");
    }

    private ConfigReader.Result read(String toml) {
        return ConfigReader.read(toml, "config.toml");
    }

    private static String manualEdgeCa(Path cert, Path trustBundle) {
        return (trustBundle == null ? "" : "trust_bundle_cert = \"" + trustBundle.toUri() + "\"\n")
                + "[edge_ca]\ncert = \"" + cert.toUri() + "\"\npk = \"file:///var/secrets/edge-ca.key.pem\"\n";
    }

    private static String manualIdentity(Path cert, String deviceId) {
        return "[provisioning]\nsource = \"manual\"\niothub_hostname = \"hub.azure-devices.net\"\ndevice_id = \""
                + deviceId + "\"\n[provisioning.authentication]\nmethod = \"x509\"\nidentity_cert = \"" + cert.toUri()
                + "\"\nidentity_pk = \"file:///var/secrets/id.key.pem\"\n";
    }

    private static boolean has(ConfigReader.Result result, Severity severity, String keyPath, String text) {
        return result.problems().of(severity).stream()
                .anyMatch(problem -> problem.keyPath().equals(keyPath) && problem.message().contains(text));
    }

    private static String shown(ConfigReader.Result result) {
        return result.problems().all().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    private Path pem(String name, X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(dir.resolve(name), text);
    }

    /** @param issuerKey null: self-signed with the subject's key; constraints null: an end entity */
    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            BasicConstraints constraints) throws Exception {
        return certificate(subject, subjectKey, issuer, issuerKey, constraints,
                Instant.now().plus(Duration.ofDays(30)));
    }

    /** A certificate valid from a minute ago until {@code notAfter}. */
    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            BasicConstraints constraints, Instant notAfter) throws Exception {
        KeyPair signer = issuerKey == null ? subjectKey : issuerKey;
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)), Date.from(notAfter),
                new X500Name(subject), subjectKey.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(subjectKey.getPublic()));
        if (constraints != null) {
            builder.addExtension(Extension.basicConstraints, true, constraints);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign
                    | KeyUsage.digitalSignature));
        }
        if (issuerKey != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKey.getPublic()));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
