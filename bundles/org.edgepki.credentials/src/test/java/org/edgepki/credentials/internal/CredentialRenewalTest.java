package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.junit.jupiter.api.Test;

class CredentialRenewalTest {
    private static final String ID = "aziot-edged-ca";

    private static ManagedCredential credential(boolean rotateKey) {
        return new ManagedCredential(ID, "self_signed", List.of(), Duration.ofDays(90), Optional.empty(), true, rotateKey,
                RenewalTime.percent(80), RenewalTime.percent(4), Optional.empty(), ManagedCredential.LEAF_KEY, IssuerEndpoint.NONE);
    }

    private static InMemoryCredentials withCurrentPair() {
        InMemoryCredentials store = new InMemoryCredentials();
        KeyPair key = InMemoryCredentials.newKey();
        Instant now = Instant.now();
        store.keys.put(ID, key);
        store.certs.put(ID, List.of(InMemoryCredentials.selfSigned(key, "CN=aziot-edge CA gw", now.minusSeconds(60),
                now.plus(Duration.ofDays(1)))));
        return store;
    }

    private static boolean matches(InMemoryCredentials store) {
        return store.certs.get(ID).get(0).getPublicKey().equals(store.keys.get(ID).getPublic());
    }

    @Test
    void rotate_key_commits_a_new_key_and_a_certificate_with_the_old_subject() throws Exception {
        InMemoryCredentials store = withCurrentPair();
        KeyPair oldKey = store.keys.get(ID);
        List<X509Certificate> chain = new CredentialRenewal(store).renew(credential(true));
        assertNotEquals(oldKey.getPublic(), store.keys.get(ID).getPublic());
        assertTrue(matches(store));
        assertEquals(chain, store.certs.get(ID));
        assertEquals("CN=aziot-edge CA gw", chain.get(0).getSubjectX500Principal().getName());
        assertEquals(List.of(ID), List.copyOf(store.keys.keySet()), "no temporary key is left");
        assertEquals(List.of(ID), List.copyOf(store.certs.keySet()), "no temporary certificate is left");
    }

    @Test
    void without_rotate_key_the_same_key_is_certified_again() throws Exception {
        InMemoryCredentials store = withCurrentPair();
        KeyPair oldKey = store.keys.get(ID);
        X509Certificate oldCert = store.certs.get(ID).get(0);
        new CredentialRenewal(store).renew(credential(false));
        assertEquals(oldKey, store.keys.get(ID));
        assertNotEquals(oldCert, store.certs.get(ID).get(0));
        assertTrue(matches(store));
    }

    @Test
    void a_failed_issuance_keeps_the_old_pair_and_leaves_nothing_behind() {
        InMemoryCredentials store = withCurrentPair();
        KeyPair oldKey = store.keys.get(ID);
        X509Certificate oldCert = store.certs.get(ID).get(0);
        store.issuerDown = true;
        CredentialException error = assertThrows(CredentialException.class, () -> new CredentialRenewal(store).renew(credential(true)));
        assertTrue(error.isRetryable());
        assertEquals(oldKey, store.keys.get(ID));
        assertEquals(oldCert, store.certs.get(ID).get(0));
        assertEquals(List.of(ID), List.copyOf(store.keys.keySet()));
    }

    @Test
    void a_crash_at_any_step_leaves_a_matching_pair_once_recovered() throws Exception {
        for (boolean rotateKey : new boolean[] {true, false}) {
            InMemoryCredentials dryRun = withCurrentPair();
            new CredentialRenewal(dryRun).renew(credential(rotateKey));
            int steps = dryRun.steps;
            assertTrue(steps >= 2, "a renewal has several steps: " + steps);
            for (int crashAt = 1; crashAt <= steps; crashAt++) {
                InMemoryCredentials store = withCurrentPair();
                X509Certificate oldCert = store.certs.get(ID).get(0);
                store.crashAt = crashAt;
                assertThrows(InMemoryCredentials.Crash.class, () -> new CredentialRenewal(store).renew(credential(rotateKey)),
                        "step " + crashAt);
                store.crashAt = -1; // the next start
                InterruptedRenewal.Outcome recovery = new CredentialRenewal(store).recover(ID);
                assertTrue(matches(store), "step " + crashAt + " of " + steps + " (rotate " + rotateKey + "), " + recovery);
                assertFalse(store.keys.containsKey(InterruptedRenewal.temporaryId(ID)), "step " + crashAt);
                assertFalse(store.certs.containsKey(InterruptedRenewal.temporaryId(ID)), "step " + crashAt);
                boolean renewed = !store.certs.get(ID).get(0).equals(oldCert);
                assertEquals(renewed, recovery == InterruptedRenewal.Outcome.COMPLETED
                        || renewed && recovery == InterruptedRenewal.Outcome.NOTHING, "step " + crashAt);
                new CredentialRenewal(store).renew(credential(rotateKey));
                assertTrue(matches(store), "a renewal after recovery works, step " + crashAt);
            }
        }
    }
}
