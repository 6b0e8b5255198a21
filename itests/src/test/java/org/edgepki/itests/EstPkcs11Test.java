package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.key.KeyService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * EST with keys on a PKCS#11 token (SoftHSM2): with config.toml's base slot on the token, the EST
 * identity's key is made on the token, and the TLS client authentication of the enrollment that
 * follows is signed there; the server (which names no CAs) accepts it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EstPkcs11Test extends RuntimeTest {
    private static final String HOSTNAME = "gw-est-token.local";

    @Configuration
    public Option[] config() throws Exception {
        SoftHsmToken token = SoftHsmToken.create();
        Path home = EdgePkiRuntime.newStateDirectory("est-pkcs11");
        EstServerBeside.start(home);
        Path control = home.resolve("est");
        Files.writeString(control.resolve("knobs.properties"), "auth=CLIENT_CERT\nhonour_csr_extensions=true\n");
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n\n[aziot_keys]\n"
                + "pkcs11_lib_path = \"" + SoftHsmToken.LIBRARY + "\"\npkcs11_base_slot = \"pkcs11:token=" + token.label
                + "?pin-value=" + SoftHsmToken.PIN + "\"\n\n[provisioning]\nsource = \"dps\"\n"
                + "global_endpoint = \"https://global.azure-devices-provisioning.net\"\nid_scope = \"0ab1234C5D6\"\n\n"
                + "[provisioning.attestation]\nmethod = \"x509\"\nregistration_id = \"gw1\"\n\n"
                + "[provisioning.attestation.identity_cert]\nmethod = \"est\"\ncommon_name = \"gw1\"\n\n"
                + "[cert_issuance.est]\ntrusted_certs = [\"" + home.resolve("pki/est-ca.pem").toUri() + "\"]\n\n"
                + "[cert_issuance.est.urls]\ndefault = \"" + Files.readString(control.resolve("url")) + "\"\n\n"
                + "[cert_issuance.est.auth]\nbootstrap_identity_cert = \"" + home.resolve("pki/bootstrap.pem").toUri()
                + "\"\nbootstrap_identity_pk = \"" + home.resolve("pki/bootstrap.key.pem").toUri() + "\"\n");
        return new Option[] {EdgePkiRuntime.options(home), frameworkProperty("edgepki.itest.token").value(token.label)};
    }

    @Test
    public void the_est_identity_key_lives_on_the_token_and_authenticates_the_enrollment() throws Exception {
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the device identity is enrolled", () -> certs.find(CredentialIds.DEVICE_ID).isPresent());
        KeyService keys = services().get(KeyService.class);
        String label = context.getProperty("edgepki.itest.token");
        assertTrue(keys.get(CredentialIds.EST_ID).location().toString(),
                keys.get(CredentialIds.EST_ID).location().toString().startsWith("pkcs11:token=" + label));
        assertTrue(SoftHsmToken.objectsOf(label), SoftHsmToken.objectsOf(label).contains(CredentialIds.EST_ID));
        X509Certificate estIdentity = certs.get(CredentialIds.EST_ID).leaf();
        List<String> requests = Files.readAllLines(home().resolve("est/requests.log"));
        assertTrue(requests.toString(), requests.contains("POST simpleenroll cert:"
                + estIdentity.getSubjectX500Principal().getName()));
        X509Certificate identity = certs.get(CredentialIds.DEVICE_ID).leaf();
        assertEquals("CN=gw1", identity.getSubjectX500Principal().getName());
        assertEquals(keys.get(CredentialIds.DEVICE_ID).publicKey(), identity.getPublicKey());
        // the token's PIN reached the token from a 0600 file (pin-source); Config Admin never held it
        SecretsAtRest.assertOnlyInSecretFiles(services().get(ConfigurationAdmin.class), home(), List.of(),
                List.of(SoftHsmToken.PIN));
    }
}
