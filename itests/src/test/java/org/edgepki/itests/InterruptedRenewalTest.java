package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
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
import org.osgi.framework.ServiceReference;

/**
 * The Edge CA setup meets a renewal that was killed between its two renames (the new key is in
 * place, the new certificate still waits under the temporary id) while the renewal bundle is not
 * running: it completes the renewal instead of throwing the new, good Edge CA away for a new one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InterruptedRenewalTest extends RuntimeTest {
    private static final String TEMP = CredentialIds.EDGE_CA + CredentialIds.TEMP_SUFFIX;

    @Configuration
    public Option[] config() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("interrupted-renewal");
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"gw-interrupted.local\"\n\n[edge_ca]\n"
                + "auto_generated_edge_ca_expiry_days = 1\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    @Test
    public void the_credential_service_completes_a_renewal_killed_between_its_renames() throws Exception {
        CertificateService certs = services().get(CertificateService.class);
        KeyService keys = services().get(KeyService.class);
        awaitTrue("the Edge CA", () -> certs.find(CredentialIds.EDGE_CA).isPresent());
        X509Certificate old = certs.get(CredentialIds.EDGE_CA).leaf();
        bundle("org.edgepki.credentials").stop();

        // What a renewal leaves when killed after the key's rename: new key, old certificate, new chain aside.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        keys.importPrivateKey(TEMP, key.getPrivate());
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(X500Name.getInstance(
                old.getSubjectX500Principal().getEncoded()), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
        List<X509Certificate> renewed = selfSignedIssuer().issue(new IssuanceRequest(CredentialIds.EDGE_CA, TEMP, csr,
                CertificateProfile.CA, List.of(), Duration.ofDays(1), null));
        certs.store(TEMP, renewed);
        keys.move(TEMP, CredentialIds.EDGE_CA);

        bundle("org.edgepki.credentials").start(); // as after a restart
        awaitTrue("the credential service completes the renewal", () -> certs.find(TEMP).isEmpty()
                && certs.get(CredentialIds.EDGE_CA).leaf().equals(renewed.get(0)));
        assertEquals(renewed.get(0).getPublicKey(), keys.get(CredentialIds.EDGE_CA).publicKey());
        assertTrue("no temporary key is left", keys.find(TEMP).isEmpty());
        awaitTrue("the edge uses the completed Edge CA", () -> renewed.get(0).equals(
                services().get(WorkloadCertificates.class).edgeCaChain().get(0)));
    }

    private CertificateIssuer selfSignedIssuer() throws Exception {
        ServiceReference<CertificateIssuer> reference = context.getServiceReferences(CertificateIssuer.class,
                "(" + CertificateIssuer.METHOD + "=self_signed)").iterator().next();
        return context.getService(reference);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }
}
