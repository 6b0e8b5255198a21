package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.AuthorizationException;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Per-caller authorization, as a bundle that is not edgepki's and not the test probe sees it: the test installs
 * {@value #CALLER}, a bundle of only a manifest, and calls edgepki's services through its bundle context. Outside
 * the policy it can read public material but cannot sign with the Edge CA key, replace a certificate, get a CA
 * certificate from an issuer or the credential service, get a module's certificate, or have its key provider
 * receive keys; each refusal names it, the operation and the id. Granted in Config Admin, it can.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthorizationTest extends RuntimeTest {
    private static final String CALLER = "com.example.untrusted";
    private static final String POLICY = "org.edgepki.authorization";
    private static final String MODULE = "telemetry";

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("authorization"))};
    }

    @Test
    public void a_bundle_outside_the_policy_reads_public_material_and_is_refused_everything_else() throws Exception {
        BundleContext callerContext = installCaller();
        awaitNoOperatorGrant(callerContext);
        Services caller = new Services(callerContext);
        X509Certificate edgeCa = services().get(WorkloadCertificates.class).edgeCaChain().get(0);
        assertEquals("the Edge CA chain is public", edgeCa,
                caller.get(WorkloadCertificates.class).edgeCaChain().get(0));
        KeyService keys = caller.get(KeyService.class);
        assertNotNull("a public key is public", keys.get(CredentialIds.EDGE_CA).publicKey());

        assertDenied(Operations.KEY_SIGN, CredentialIds.EDGE_CA,
                () -> keys.sign(CredentialIds.EDGE_CA, signatureAlgorithm(keys), new byte[32]));
        assertDenied(Operations.KEY_USE, CredentialIds.EDGE_CA,
                () -> keys.keyManager(CredentialIds.EDGE_CA, List.of(edgeCa)));
        assertDenied(Operations.KEY_DELETE, CredentialIds.EDGE_CA, () -> keys.delete(CredentialIds.EDGE_CA));
        assertDenied(Operations.KEY_CREATE, "mine", () -> keys.createKeyPairIfNotExists("mine", "ec-p256"));
        CertificateService certificates = caller.get(CertificateService.class);
        assertDenied(Operations.CERT_STORE, CredentialIds.EDGE_CA,
                () -> certificates.store(CredentialIds.EDGE_CA, List.of(edgeCa)));
        assertDenied(Operations.CERT_MOVE, CredentialIds.EDGE_CA,
                () -> certificates.move(CredentialIds.EDGE_CA, "stolen"));

        CertificateIssuer localCa = issuer(callerContext, "local_ca");
        assertDenied(Operations.ISSUE_CA, "my-ca", () -> localCa.issue(new IssuanceRequest("my-ca", "mine",
                new byte[] {1}, CertificateProfile.CA, List.of(), Duration.ofDays(1), CredentialIds.EDGE_CA)));
        CredentialService credentials = caller.get(CredentialService.class);
        assertDenied(Operations.CREDENTIAL_ISSUE_CA, "my-ca", () -> credentials.issue(new CredentialRequest("my-ca",
                "my CA", CertificateProfile.CA, List.of(), Duration.ofDays(1), "local_ca", CredentialIds.EDGE_CA,
                "ec-p256")));
        assertDenied(Operations.CREDENTIAL_RENEW, CredentialIds.EDGE_CA,
                () -> credentials.renewNow(CredentialIds.EDGE_CA));
        assertTrue("statuses are public", credentials.status(CredentialIds.EDGE_CA).isPresent());

        WorkloadCertificates workload = caller.get(WorkloadCertificates.class);
        assertDenied(Operations.WORKLOAD_SERVER, MODULE,
                () -> workload.serverCertificate(MODULE, MODULE + ".example", List.of()));
        assertDenied(Operations.WORKLOAD_IDENTITY, MODULE, () -> workload.identityCertificate(MODULE));

        assertEquals("nothing changed: the Edge CA is the one it was", edgeCa,
                services().get(CertificateService.class).get(CredentialIds.EDGE_CA).leaf());
        assertFalse("no key was created", services().get(KeyService.class).find("mine").isPresent());
        caller.close();
    }

    @Test
    public void granted_by_the_operator_it_can_and_a_bad_policy_keeps_the_one_in_force() throws Exception {
        Services caller = new Services(installCaller());
        services().get(WorkloadCertificates.class).edgeCaChain();
        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration policy = configAdmin.getConfiguration(POLICY, null);
        try {
            grantedItCan(caller, policy);
        } finally {
            policy.delete();
            awaitNoOperatorGrant(installCaller());
            caller.close();
        }
    }

    private void grantedItCan(Services caller, org.osgi.service.cm.Configuration policy) throws Exception {
        policy.update(new Hashtable<>(Map.of(
                "grants", new String[] {CALLER + " key.sign " + CredentialIds.EDGE_CA},
                "modules", new String[] {CALLER + " " + MODULE})));
        KeyService keys = caller.get(KeyService.class);
        awaitTrue("the grant is in force", () -> signs(keys));
        WorkloadCertificates workload = caller.get(WorkloadCertificates.class);
        String subject = workload.serverCertificate(MODULE, MODULE + ".example", List.of()).chain().get(0)
                .getSubjectX500Principal().getName();
        assertTrue("its own module's server certificate: " + subject, subject.contains("CN=" + MODULE + ".example"));
        assertDenied(Operations.WORKLOAD_SERVER, "other", () -> workload.serverCertificate("other", "other.example",
                List.of()));
        assertDenied(Operations.KEY_DELETE, CredentialIds.EDGE_CA, () -> keys.delete(CredentialIds.EDGE_CA));

        policy.update(new Hashtable<>(Map.of("grants", new String[] {CALLER + " key.sgin " + CredentialIds.EDGE_CA})));
        CheckService checks = services().get(CheckService.class);
        awaitTrue("the check reports the refused policy", () -> policyFinding(checks).severity() == Severity.ERROR);
        String message = policyFinding(checks).message();
        assertTrue(message, message.contains("org.edgepki.authorization grants[0]")
                && message.contains("'key.sgin' matches no operation"));
        assertTrue("the policy in force stays", signs(keys));
    }

    @Test
    public void its_key_provider_receives_keys_only_once_the_operator_allows_its_bundle() throws Exception {
        BundleContext callerContext = installCaller();
        AtomicInteger calls = new AtomicInteger();
        ServiceRegistration<KeyProvider> provider = callerContext.registerService(KeyProvider.class,
                new UntrustedProvidersTest.StealingKeys(calls), new Hashtable<>(Map.of(KeyProvider.SCHEME, "file",
                        Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        try {
            KeyService keys = services().get(KeyService.class);
            keys.createKeyPairIfNotExists("before-the-grant", "ec-p256");
            assertEquals("not allowed, it is never called", 0, calls.get());

            update(configAdmin, "org.edgepki.keystore", "key_provider_bundles", new String[] {"org.edgepki.*", CALLER});
            awaitTrue("allowed, it receives the next key", () -> {
                try {
                    keys.createKeyPairIfNotExists("after-the-grant-" + calls.get(), "ec-p256");
                } catch (KeyException e) {
                    // the stealing provider refuses what it is given
                }
                return calls.get() > 0;
            });
        } finally {
            provider.unregister();
            update(configAdmin, "org.edgepki.keystore", "key_provider_bundles", new String[] {"org.edgepki.*"});
        }
    }

    /** @return the context of {@value #CALLER}, a bundle that is only a manifest importing the API; installed once */
    private BundleContext installCaller() throws Exception {
        Bundle installed = context.getBundle("test:" + CALLER);
        if (installed != null) {
            return installed.getBundleContext();
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, CALLER);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(Constants.IMPORT_PACKAGE, String.join(",", "org.edgepki.api.key", "org.edgepki.api.cert",
                "org.edgepki.api.issuer", "org.edgepki.api.credential", "org.edgepki.api.workload"));
        Bundle bundle = context.installBundle("test:" + CALLER, new ByteArrayInputStream(jar(manifest)));
        bundle.start();
        return bundle.getBundleContext();
    }

    private static byte[] jar(Manifest manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        }
        return bytes.toByteArray();
    }

    private static CertificateIssuer issuer(BundleContext callerContext, String method) throws Exception {
        String filter = "(" + CertificateIssuer.METHOD + "=" + method + ")";
        awaitTrue("the " + method + " issuer", () -> !callerContext.getServiceReferences(CertificateIssuer.class, filter)
                .isEmpty());
        return callerContext.getService(callerContext.getServiceReferences(CertificateIssuer.class, filter).iterator()
                .next());
    }

    /** Config Admin delivers a deleted policy asynchronously: the tests share one framework (PerClass). */
    private void awaitNoOperatorGrant(BundleContext callerContext) throws Exception {
        Caller caller = new Caller(CALLER, callerContext.getBundle().getBundleId());
        AccessPolicy policy = services().get(AccessPolicy.class);
        awaitTrue("no operator grant is in force", () -> !policy.permits(caller, Operations.KEY_SIGN,
                CredentialIds.EDGE_CA) && !policy.permits(caller, Operations.WORKLOAD_SERVER, MODULE));
    }

    private static boolean signs(KeyService keys) throws KeyException {
        try {
            return keys.sign(CredentialIds.EDGE_CA, signatureAlgorithm(keys), "data".getBytes(StandardCharsets.UTF_8))
                    .length > 0;
        } catch (AuthorizationException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(KeyService keys) throws KeyException {
        return keys.get(CredentialIds.EDGE_CA).publicKey().getAlgorithm().equals("EC") ? "SHA256withECDSA"
                : "SHA256withRSA";
    }

    private static Finding policyFinding(CheckService checks) throws InterruptedException {
        return checks.runLocal().findings().stream().filter(finding -> finding.check().equals("authorization-policy"))
                .findFirst().orElseThrow();
    }

    private static void assertDenied(String operation, String id, ThrowingRunnable call) {
        AuthorizationException denied = assertThrows(AuthorizationException.class, call);
        assertTrue(denied.caller(), denied.caller().startsWith(CALLER + " ["));
        assertEquals(operation, denied.operation());
        assertEquals(id, denied.id());
        assertTrue(denied.getMessage(), denied.getMessage().contains("may not " + operation + " on '" + id + "'"));
    }
}
