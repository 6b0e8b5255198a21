package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.config.ConfigEvents;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Bad PKCS#11 settings on a running gateway, each a clear error that names the URI without its
 * PIN: a wrong PIN (reported, not retried; fixing it in config.toml recovers at once), a token
 * that is not present, a wrong slot, a missing library, a malformed URI. The runtime keeps running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pkcs11BadInputTest extends RuntimeTest {
    private static final String HOSTNAME = "gw-hsm.local";
    private static final String WRONG_PIN = "0000";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Configuration
    public Option[] config() throws IOException {
        SoftHsmToken token = SoftHsmToken.create();
        Path home = EdgePkiRuntime.newStateDirectory("pkcs11-bad");
        Files.writeString(EdgePkiRuntime.configToml(home), onToken(SoftHsmToken.LIBRARY, "token=" + token.label, WRONG_PIN));
        return new Option[] {EdgePkiRuntime.options(home), frameworkProperty("edgepki.itest.token").value(token.label)};
    }

    private static String onToken(String library, String slot, String pin) {
        return "hostname = \"" + HOSTNAME + "\"\n\n[aziot_keys]\npkcs11_lib_path = \"" + library + "\"\n"
                + "pkcs11_base_slot = \"pkcs11:" + slot + "?pin-value=" + pin + "\"\n";
    }

    @Test
    public void bad_pkcs11_settings_are_clear_errors_and_fixing_them_recovers() throws Exception {
        String label = context.getProperty("edgepki.itest.token");

        // a wrong PIN: one clear, final error; the Edge CA is not retried with it
        WorkloadException wrongPin = awaitEdgeCaError("rejected the PIN");
        assertFalse("a wrong PIN is not retried: " + wrongPin.getMessage(), wrongPin.isRetryable());
        assertTrue(wrongPin.getMessage(), wrongPin.getMessage().contains("pkcs11:token=" + label));
        noPin(wrongPin.getMessage());

        // fixing the PIN in config.toml: the Edge CA is made on the token at once
        saveConfigToml(onToken(SoftHsmToken.LIBRARY, "token=" + label, SoftHsmToken.PIN));
        awaitTrue("the Edge CA on the token", () -> {
            try {
                services().get(WorkloadCertificates.class).edgeCaChain();
                return services().get(KeyService.class).get(CredentialIds.EDGE_CA).location().toString()
                        .startsWith("pkcs11:token=" + label);
            } catch (WorkloadException e) {
                return false;
            }
        });

        // a token that is not there, a slot that does not exist: retryable (tokens can be plugged in)
        saveConfigToml(onToken(SoftHsmToken.LIBRARY, "token=not-plugged-in", SoftHsmToken.PIN));
        WorkloadException absent = awaitModuleCertificateError("no present token matches", HOSTNAME);
        assertTrue(absent.isRetryable());
        assertTrue(absent.getMessage(), absent.getMessage().contains("token=" + label));
        noPin(absent.getMessage());
        saveConfigToml(onToken(SoftHsmToken.LIBRARY, "slot-id=999999", SoftHsmToken.PIN));
        noPin(awaitModuleCertificateError("pkcs11:slot-id=999999", HOSTNAME).getMessage());

        // a library that is not installed
        saveConfigToml(onToken("/usr/lib/no-such-pkcs11.so", "token=" + label, SoftHsmToken.PIN));
        WorkloadException library = awaitModuleCertificateError("/usr/lib/no-such-pkcs11.so", HOSTNAME);
        assertTrue(library.getMessage(), library.getMessage().contains("does not exist"));
        noPin(library.getMessage());

        // a malformed URI never gets past config.toml
        BlockingQueue<Event> configEvents = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, ConfigEvents.TOPIC_REJECTED));
        context.registerService(EventHandler.class, configEvents::add, topics);
        saveConfigToml(onToken(SoftHsmToken.LIBRARY, "label=" + label, SoftHsmToken.PIN));
        Event rejected = configEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        String errors = Arrays.toString((String[]) rejected.getProperty(ConfigEvents.ERRORS));
        assertTrue(errors, errors.contains("aziot_keys.pkcs11_base_slot") && errors.contains("unknown path attribute 'label'"));
        noPin(errors);

        // and back: everything works again, nothing had to be restarted
        saveConfigToml(onToken(SoftHsmToken.LIBRARY, "token=" + label, SoftHsmToken.PIN));
        awaitTrue("module certificates again", () -> {
            try {
                serverCertificate();
                return true;
            } catch (WorkloadException e) {
                return false;
            }
        });
        List<String> notActive = Arrays.stream(context.getBundles()).filter(b -> b.getState() != Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).toList();
        assertEquals(List.of(), notActive);
    }

    private static void noPin(String message) {
        // Whole numbers only: a listed slot id such as 931234966 merely contains the digits.
        assertFalse("no PIN in: " + message, message.matches("(?s).*(?<![0-9])(" + SoftHsmToken.PIN + "|" + WRONG_PIN
                + ")(?![0-9]).*"));
    }

    private void serverCertificate() throws WorkloadException {
        services().get(WorkloadCertificates.class).serverCertificate("edgeHub", HOSTNAME,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, HOSTNAME)));
    }
}
