package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
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
import org.osgi.framework.Bundle;

/**
 * Keys on a real PKCS#11 token (SoftHSM2), configured by config.toml's [aziot_keys]: the
 * quickstart Edge CA and module keys are generated on the token and never appear as files; module
 * certificates signed on the token pass openssl verify and serve TLS 1.2 and 1.3 with the token key; the PKCS#11 bridge is updated while
 * certificates are being issued and the token key is found again; a manual Edge CA's key is a
 * pkcs11: URI; a missing object is a clear error without the PIN.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pkcs11RuntimeTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-hsm.local";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Configuration
    public Option[] config() throws IOException {
        SoftHsmToken token = SoftHsmToken.create();
        Path home = EdgePkiRuntime.newStateDirectory("pkcs11");
        Files.writeString(EdgePkiRuntime.configToml(home), quickstartOnToken(token.label));
        return new Option[] {EdgePkiRuntime.options(home), frameworkProperty("edgepki.itest.token").value(token.label)};
    }

    private static String quickstartOnToken(String label) {
        return "hostname = \"" + HOSTNAME + "\"\n\n[aziot_keys]\npkcs11_lib_path = \"" + SoftHsmToken.LIBRARY + "\"\n"
                + "pkcs11_base_slot = \"pkcs11:token=" + label + "?pin-value=" + SoftHsmToken.PIN + "\"\n";
    }

    @Test
    public void check_finds_the_token_logged_in_and_reports_a_wrong_pin_without_showing_it() throws Exception {
        String label = context.getProperty("edgepki.itest.token");
        String token = "pkcs11:token=" + label;
        awaitTrue("check logs in to the token", () -> Pattern.compile("(?m)^OK +pkcs11-token +" + Pattern.quote(token)
                + ": the token is present and logged in$").matcher(check()).find());
        assertFalse(check().contains(SoftHsmToken.PIN));

        saveConfigToml(quickstartOnToken(label).replace("pin-value=" + SoftHsmToken.PIN, "pin-value=98765"));
        awaitTrue("check reports the wrong PIN", () -> Pattern.compile("(?m)^ERROR +pkcs11-token +" + Pattern.quote(token)
                + ": .*rejected the PIN").matcher(check()).find());
        assertFalse(check().contains("98765"));

        saveConfigToml(quickstartOnToken(label));
        awaitTrue("check logs in again", () -> check().contains("the token is present and logged in"));
    }

    private String check() throws Exception {
        return Gogo.run(services().get(CommandProcessor.class), "edgepki:check");
    }

    @Test
    public void edge_ca_and_module_keys_live_on_the_token() throws Exception {
        String label = context.getProperty("edgepki.itest.token");
        WorkloadCertificates workload = services().get(WorkloadCertificates.class);
        X509Certificate edgeCa = awaitEdgeCa();

        // the Edge CA key is on the token, nowhere on disk
        KeyPairInfo caKey = services().get(KeyService.class).get(CredentialIds.EDGE_CA);
        assertEquals("pkcs11:token=" + label + ";object=aziot-edged-ca;type=private", caKey.location().toString());
        assertEquals(edgeCa.getPublicKey(), caKey.publicKey());
        assertEquals("no key file in the key store", List.of(), keyFiles());
        String objects = SoftHsmToken.objectsOf(label);
        assertTrue(objects, objects.matches("(?s).*Private Key Object; RSA.*label:\\s+aziot-edged-ca.*never extractable.*"));

        // a module certificate: its key on the token too, signed by the token's Edge CA key
        WorkloadCredential edgeHub = workload.serverCertificate("edgeHub", HOSTNAME,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
        assertTrue(services().get(KeyService.class).get(edgeHub.keyId()).location().toString().startsWith("pkcs11:"));
        Path work = Files.createTempDirectory("pkcs11-it");
        Path root = Pem.write(work.resolve("edge-ca.pem"), List.of(edgeCa));
        Path leaf = Pem.write(work.resolve("edgehub.pem"), List.of(edgeHub.chain().get(0)));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", root.toString(), "-purpose", "sslserver",
                "-verify_hostname", HOSTNAME, leaf.toString());
        assertEquals(verify.output(), 0, verify.exitCode());
        assertEquals(List.of(), keyFiles());

        // TLS with the key on the token: the edgeHub certificate serves a real handshake
        javax.net.ssl.X509KeyManager tlsKeys = services().get(KeyService.class).keyManager(edgeHub.keyId(),
                edgeHub.chain());
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            assertEquals("hello from edgeHub", TlsLoopback.handshake(tlsKeys, edgeCa, HOSTNAME, protocol));
        }

        // the bridge is updated while certificates are issued; afterwards the token key is found again
        hotSwapWhileIssuing(edgeCa);
        assertEquals("the Edge CA is kept: its key was found on the token again", edgeCa,
                services().get(WorkloadCertificates.class).edgeCaChain().get(0));
        assertEquals(edgeCa.getPublicKey(), services().get(KeyService.class).get(CredentialIds.EDGE_CA).publicKey());

        // as after a restart: the key service and the edge bundle start afresh and reuse the token key
        bundle("org.edgepki.keystore").update();
        bundle("org.edgepki.edge").update();
        awaitTrue("the Edge CA is back", () -> edgeCaNow().isPresent());
        assertEquals("the same Edge CA, its key found on the token", edgeCa, edgeCaNow().orElseThrow());
        WorkloadCredential afterRestart = services().get(WorkloadCertificates.class).serverCertificate("module9",
                HOSTNAME, List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
        afterRestart.chain().get(0).verify(edgeCa.getPublicKey());
        assertEquals(List.of(), keyFiles());

        // a manual Edge CA whose key an operator made on the token
        TestPki pki = new TestPki();
        PublicKey operatorKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                SoftHsmToken.generateEcKey(label, "pki-edge-ca", work)));
        X509Certificate operatorCa = pki.edgeCaFor("operator Edge CA", operatorKey);
        Path chain = pki.writeChain(work.resolve("operator-ca.pem"), operatorCa);
        saveConfigToml(quickstartOnToken(label) + "\n[edge_ca]\ncert = \"" + chain.toUri() + "\"\npk = \"pkcs11:token=" + label
                + ";object=pki-edge-ca\"\n");
        awaitTrue("the Edge CA is the operator's", () -> edgeCaNow().map(operatorCa::equals).orElse(false));
        WorkloadCredential signedByOperatorKey = services().get(WorkloadCertificates.class).serverCertificate(
                "module1", HOSTNAME, List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
        signedByOperatorKey.chain().get(0).verify(operatorKey);

        // a key the token does not hold: a clear error naming the URI, never the PIN
        saveConfigToml(quickstartOnToken(label) + "\n[edge_ca]\ncert = \"" + chain.toUri() + "\"\npk = \"pkcs11:token=" + label
                + ";object=no-such-key?pin-value=" + SoftHsmToken.PIN + "\"\n");
        String[] error = {awaitModuleCertificateError("no-such-key", HOSTNAME).getMessage()};
        assertFalse(error[0], error[0].matches("(?s).*(?<![0-9])" + SoftHsmToken.PIN + "(?![0-9]).*"));
        assertTrue(error[0], error[0].contains("pkcs11:token=" + label + ";object=no-such-key"));
        assertTrue(Arrays.stream(context.getBundles()).allMatch(bundle -> bundle.getState() == Bundle.ACTIVE
                || bundle.getBundleId() != 0 && bundle.getHeaders().get("Fragment-Host") != null));
    }

    private void hotSwapWhileIssuing(X509Certificate edgeCa) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger retryable = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Thread requester = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                try {
                    WorkloadCredential credential = services().get(WorkloadCertificates.class).serverCertificate(
                            "module" + (n++ % 3), HOSTNAME, List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
                    if (!credential.chain().get(1).equals(edgeCa)) {
                        violations.add("issued by another CA: " + credential.chain().get(1).getSubjectX500Principal());
                    }
                    succeeded.incrementAndGet();
                } catch (WorkloadException e) {
                    if (e.isRetryable()) {
                        retryable.incrementAndGet();
                    } else {
                        violations.add("non-retryable: " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    violations.add("undocumented: " + e);
                }
            }
        }, "token-signing-requests");
        requester.start();
        try {
            awaitTrue("requests succeed", () -> succeeded.get() >= 3);
            bundle("org.edgepki.pkcs11").update();
            int before = succeeded.get();
            awaitTrue("requests succeed after the update", () -> succeeded.get() >= before + 3);
        } finally {
            running.set(false);
            requester.join(WAIT.toMillis());
        }
        assertEquals(List.of(), violations);
        System.out.printf("PKCS#11 bridge update on %s: %d requests succeeded, %d retryable errors%n",
                EdgePkiRuntime.framework(), succeeded.get(), retryable.get());
    }

    private X509Certificate awaitEdgeCa() throws Exception {
        awaitTrue("the Edge CA", () -> edgeCaNow().isPresent());
        return edgeCaNow().orElseThrow();
    }

    private java.util.Optional<X509Certificate> edgeCaNow() throws Exception {
        try {
            return java.util.Optional.of(services().get(WorkloadCertificates.class).edgeCaChain().get(0));
        } catch (WorkloadException e) {
            return java.util.Optional.empty();
        }
    }

    private List<Path> keyFiles() throws IOException {
        Path keys = home().resolve("keyd").resolve("keys");
        if (!Files.isDirectory(keys)) {
            return List.of();
        }
        try (var listing = Files.list(keys)) {
            return listing.toList();
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }
}
