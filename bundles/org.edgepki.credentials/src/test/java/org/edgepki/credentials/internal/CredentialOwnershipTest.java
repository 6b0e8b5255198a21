package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.crypto.Thumbprints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The credential service as the one owner of a credential, the Edge CA here: it issues the first certificate,
 * replaces it (with a new key) when its settings change, keeps the chain in use through failures, and validates a
 * manual one without ever writing it. Stores and issuer in memory, a real timer thread.
 */
class CredentialOwnershipTest {
    private static final String ID = "aziot-edged-ca";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Instant start = Instant.now();
    private final MovableClock clock = new MovableClock(start);
    private final InMemoryCredentials store = new InMemoryCredentials();
    private final List<String> inUseEvents = new CopyOnWriteArrayList<>();
    private final Renewals renewals = new Renewals(store, clock, (topic, properties) -> {
        if (CredentialEvents.TOPIC_IN_USE.equals(topic)) {
            inUseEvents.add((String) properties.get(CredentialEvents.CREDENTIAL_ID));
        }
    });

    @AfterEach
    void close() {
        renewals.close();
    }

    private static ManagedCredential edgeCa(String method, String subject, int days) {
        return new ManagedCredential(ID, method, List.of(subject), Duration.ofDays(days), Optional.empty(), true, true,
                RenewalTime.percent(80), RenewalTime.percent(4), Optional.of(CertificateProfile.CA),
                ManagedCredential.CA_KEY, IssuerEndpoint.NONE);
    }

    private X509Certificate awaitLeaf(String why, java.util.function.Predicate<X509Certificate> wanted)
            throws InterruptedException {
        await(why, () -> renewals.chainInUse(ID).filter(chain -> wanted.test(chain.get(0))).isPresent());
        return renewals.chainInUse(ID).orElseThrow().get(0);
    }

    private static void await(String why, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + why);
            }
            Thread.sleep(10);
        }
    }

    private static boolean named(X509Certificate leaf, String subject) {
        return leaf.getSubjectX500Principal().getName().equals(subject);
    }

    /** An Edge CA from the operator's PKI: preloaded files, a year long. */
    private List<X509Certificate> operatorsFiles() {
        KeyPair key = InMemoryCredentials.newKey();
        X509Certificate operators = InMemoryCredentials.selfSigned(key, "CN=PKI Edge CA", start.minusSeconds(60),
                start.plus(Duration.ofDays(365)));
        store.keys.put(ID, key);
        store.certs.put(ID, List.of(operators));
        store.preloaded.add(ID);
        return List.of(operators);
    }

    private PublicKey storedKey() {
        return store.keys.get(ID).getPublic();
    }

    @Test
    void the_first_certificate_is_issued_as_configured_and_put_in_use() throws Exception {
        renewals.track(edgeCa("self_signed", "CN=edge ca 1", 90));

        X509Certificate leaf = awaitLeaf("the first Edge CA", l -> true);
        assertTrue(named(leaf, "CN=edge ca 1"), leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getBasicConstraints() >= 0, "a CA");
        assertEquals(storedKey(), leaf.getPublicKey());
        assertEquals(List.of(ID), inUseEvents);
        assertEquals(Optional.empty(), renewals.status(ID).orElseThrow().lastError());
    }

    @Test
    void new_settings_replace_the_certificate_with_a_new_key_and_the_same_settings_keep_it() throws Exception {
        renewals.track(edgeCa("self_signed", "CN=edge ca 1", 90));
        X509Certificate first = awaitLeaf("the first Edge CA", l -> true);

        renewals.track(edgeCa("self_signed", "CN=edge ca 1", 90)); // config.toml saved again, unchanged
        Thread.sleep(300);
        assertEquals(first, renewals.chainInUse(ID).orElseThrow().get(0), "the same settings keep the certificate");

        renewals.track(edgeCa("self_signed", "CN=edge ca 2", 90));
        X509Certificate renamed = awaitLeaf("the renamed Edge CA", l -> named(l, "CN=edge ca 2"));
        assertNotEquals(first.getPublicKey(), renamed.getPublicKey(), "a replacement makes a new key");
        assertEquals(storedKey(), renamed.getPublicKey(), "the key committed with it");

        renewals.track(edgeCa("self_signed", "CN=edge ca 2", 30));
        X509Certificate shorter = awaitLeaf("the 30-day Edge CA", l -> Duration.between(l.getNotBefore().toInstant(),
                l.getNotAfter().toInstant()).equals(Duration.ofDays(30)));
        assertEquals(storedKey(), shorter.getPublicKey());
        assertEquals(List.of(ID), store.certs.keySet().stream().toList(), "no temporary chain left behind");
        assertEquals(List.of(ID), store.keys.keySet().stream().toList(), "no temporary key left behind");
        assertEquals(3, inUseEvents.size(), "each chain put in use is said once: " + inUseEvents);
    }

    @Test
    void a_replacement_that_fails_keeps_the_chain_in_use_and_is_retried_within_minutes() throws Exception {
        renewals.track(edgeCa("self_signed", "CN=edge ca 1", 90));
        X509Certificate first = awaitLeaf("the first Edge CA", l -> true);
        store.issuerRefuses = new IssuanceException(ID, "the issuer is away", true, null);

        renewals.track(edgeCa("est", "CN=edge ca 1", 90));
        await("the failed replacement is shown", () -> renewals.status(ID).flatMap(CredentialStatus::lastError)
                .isPresent());
        CredentialStatus failed = renewals.status(ID).orElseThrow();
        assertTrue(failed.lastError().get().contains("the issuer is away"), failed.toString());
        assertEquals(first, renewals.chainInUse(ID).orElseThrow().get(0), "the old Edge CA stays in use");
        assertTrue(failed.nextAttempt().orElseThrow().isBefore(start.plus(Duration.ofMinutes(6))),
                "retried like a first issuance, not a retry period (days) later: " + failed);
        assertEquals(first.getPublicKey(), storedKey(), "the old key stays with the old certificate");

        store.issuerRefuses = null;
        renewals.renewNow(ID);
        awaitLeaf("replaced once the issuer is back", l -> !l.equals(first));
    }

    @Test
    void a_manual_credential_is_validated_and_never_written() throws Exception {
        operatorsFiles();
        KeyPair key = store.keys.get(ID);
        X509Certificate operators = store.certs.get(ID).get(0);
        int writesBefore = store.steps;

        renewals.track(edgeCa(ManagedCredential.MANUAL, "CN=ignored", 90));
        assertEquals(operators, awaitLeaf("the manual Edge CA", l -> true));
        CredentialStatus status = renewals.status(ID).orElseThrow();
        assertEquals(Optional.empty(), status.nextAttempt(), "never renewed: " + status);

        store.keys.put(ID, InMemoryCredentials.newKey()); // the operator put the wrong key in place
        renewals.certificateStored(ID);
        await("the mismatch is shown", () -> renewals.status(ID).flatMap(CredentialStatus::lastError).isPresent());
        status = renewals.status(ID).orElseThrow();
        assertTrue(status.lastError().get().contains("does not match"), status.toString());
        assertFalse(renewals.chainInUse(ID).isPresent(), "files that fail their checks are not put forward");
        assertFalse(status.lastErrorRetryable(), "only the operator can fix them");
        assertEquals(start.plusSeconds(Renewals.MANUAL_RETRY_SECONDS), status.nextAttempt().orElseThrow());

        store.keys.put(ID, key); // fixed: picked up at the next look, without a restart
        clock.set(start.plusSeconds(Renewals.MANUAL_RETRY_SECONDS));
        renewals.evaluate(ID);
        assertEquals(Optional.empty(), renewals.status(ID).orElseThrow().lastError());
        assertEquals(operators, renewals.chainInUse(ID).orElseThrow().get(0), "in use again");
        assertEquals(writesBefore, store.steps, "nothing was written");
    }

    @Test
    void a_preloaded_file_in_the_way_of_an_issued_credential_is_never_overwritten() throws Exception {
        X509Certificate operators = operatorsFiles().get(0);

        renewals.track(edgeCa("self_signed", "CN=quickstart", 90));
        await("the clash is shown", () -> renewals.status(ID).flatMap(CredentialStatus::lastError).isPresent());
        assertTrue(renewals.status(ID).orElseThrow().lastError().get().contains("preloaded file"));
        assertEquals(List.of(operators), store.certs.get(ID));
        assertFalse(renewals.chainInUse(ID).isPresent(), "it was never put in use");
    }

    @Test
    void a_requested_credential_is_tracked_by_construction_and_issued_again_with_its_key() throws Exception {
        String module = "aziot-edged/module/tempSensor:identity";
        CredentialRequest request = new CredentialRequest(module, "tempSensor", CertificateProfile.CLIENT, List.of(),
                Duration.ofDays(30), "local_ca", ID, ManagedCredential.LEAF_KEY);
        store.issuerDown = true;
        assertThrows(CredentialException.class, () -> renewals.issueRequested(request));
        assertFalse(renewals.status(module).isPresent(), "a failed first request leaves nothing tracked");
        store.issuerDown = false;

        X509Certificate first = renewals.issueRequested(request).get(0);
        CredentialStatus status = renewals.status(module).orElseThrow(() -> new AssertionError("not tracked"));
        assertTrue(status.nextAttempt().isPresent(), "its renewal is planned: " + status);
        PublicKey key = store.keys.get(module).getPublic();
        assertEquals(key, first.getPublicKey());

        X509Certificate again = renewals.issueRequested(request).get(0);
        assertNotEquals(first, again);
        assertEquals(key, again.getPublicKey(), "asked again (the Edge CA changed), it keeps its key");
        assertEquals(again, store.certs.get(module).get(0));
    }

    @Test
    void the_leaf_a_requested_credential_has_in_use_is_known_by_its_thumbprint() throws Exception {
        String module = "aziot-edged/module/tempSensor:server";
        CredentialRequest request = new CredentialRequest(module, "tempSensor", CertificateProfile.SERVER, List.of(),
                Duration.ofDays(30), "local_ca", ID, ManagedCredential.LEAF_KEY);
        X509Certificate first = renewals.issueRequested(request).get(0);
        // a first issuance is put in use by the look that tracking it plans
        await("the first certificate is in use", () -> renewals.hasInUse(module, Thumbprints.sha256(first)));

        X509Certificate again = renewals.issueRequested(request).get(0);
        assertTrue(renewals.hasInUse(module, Thumbprints.sha256(again)), "a tracked module's issuance is in use"
                + " when it returns, before its store event is handled: that event is no news");
        assertFalse(renewals.hasInUse(module, Thumbprints.sha256(first)), "a chain it no longer has in use is news");
        assertFalse(renewals.hasInUse("aziot-edged/module/other:server", Thumbprints.sha256(again)), "untracked");
    }

    @Test
    void keys_moved_elsewhere_have_the_credential_judged_again_and_replaced_when_its_key_is_gone() throws Exception {
        renewals.track(edgeCa("self_signed", "CN=edge ca 1", 90));
        X509Certificate first = awaitLeaf("the first Edge CA", l -> true);

        store.keys.remove(ID); // config.toml moved keys to a token, where this id has none
        renewals.keysMoved(id -> id.equals(ID));
        X509Certificate replaced = awaitLeaf("a new Edge CA for a new key", l -> !l.equals(first));
        assertEquals(storedKey(), replaced.getPublicKey());
    }
}
