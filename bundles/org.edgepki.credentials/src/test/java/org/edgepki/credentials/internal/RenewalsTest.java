package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's decisions on a clock the test moves: when a credential is renewed, what a failure
 * does, and which expiry events are said. The stores and issuer are in memory
 * ({@link InMemoryCredentials}); the timer thread is real.
 */
class RenewalsTest {
    private static final String ID = "device-id";
    private static final Duration LIFETIME = Duration.ofDays(100);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    private final Instant start = Instant.now();
    private final MovableClock clock = new MovableClock(start);
    private final InMemoryCredentials store = new InMemoryCredentials();
    private final BlockingQueue<Posted> events = new LinkedBlockingQueue<>();
    /** The chain-in-use events, apart: the tests below are about renewal events. */
    private final BlockingQueue<Posted> inUse = new LinkedBlockingQueue<>();
    private final Renewals renewals = new Renewals(store, clock, (topic, properties) ->
            (CredentialEvents.TOPIC_IN_USE.equals(topic) ? inUse : events).add(new Posted(topic, properties)));

    private record Posted(String topic, Map<String, Object> properties) {
    }

    @AfterEach
    void close() {
        renewals.close();
    }

    /** Stores a pair whose certificate was made {@code age} ago and lives {@link #LIFETIME}. */
    private X509Certificate certificateOfAge(Duration age) {
        KeyPair key = InMemoryCredentials.newKey();
        Instant notBefore = start.minus(age);
        X509Certificate certificate = InMemoryCredentials.selfSigned(key, "CN=gw1", notBefore, notBefore.plus(LIFETIME));
        store.keys.put(ID, key);
        store.certs.put(ID, List.of(certificate));
        return certificate;
    }

    private static ManagedCredential credential(boolean autoRenew, String threshold, String retry) {
        return new ManagedCredential(ID, "local_ca", List.of(), Duration.ofDays(90), Optional.empty(), autoRenew, true,
                RenewalTime.parse(threshold).orElseThrow(), RenewalTime.parse(retry).orElseThrow(), Optional.empty(),
                ManagedCredential.LEAF_KEY, IssuerEndpoint.NONE);
    }

    private Posted awaitEvent(String topic) throws InterruptedException {
        Posted posted = events.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(posted, "no " + topic);
        assertEquals(topic, posted.topic());
        assertEquals(ID, posted.properties().get(CredentialEvents.CREDENTIAL_ID));
        return posted;
    }

    /** Waits for a next attempt later than now (a renewal first looks again at once, then plans). */
    private CredentialStatus awaitPlanned() throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<CredentialStatus> status = renewals.status(ID);
            if (status.isPresent() && status.get().nextAttempt().isPresent()
                    && status.get().nextAttempt().get().isAfter(clock.instant())) {
                return status.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no next attempt was planned");
    }

    @Test
    void a_certificate_already_past_its_threshold_at_start_is_renewed_at_once() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(90)); // 80 % was ten days ago
        renewals.track(credential(true, "80%", "4%"));
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        X509Certificate renewed = store.certs.get(ID).get(0);
        assertNotEquals(old, renewed);
        assertNotEquals(old.getPublicKey(), renewed.getPublicKey(), "rotate_key");
        CredentialStatus status = awaitPlanned();
        assertEquals(Optional.of(start), status.lastAttempt());
        assertTrue(status.lastError().isEmpty());
        assertTrue(status.nextAttempt().orElseThrow().isAfter(start.plus(Duration.ofDays(71))),
                "the new certificate is due at 80 % of its 90 days: " + status.nextAttempt());
    }

    @Test
    void a_certificate_not_yet_due_is_planned_at_its_percentage_threshold_plus_at_most_5_percent_of_the_retry_period()
            throws Exception {
        X509Certificate current = certificateOfAge(Duration.ofDays(1));
        renewals.track(credential(true, "80%", "4%"));
        Instant renewAt = current.getNotBefore().toInstant().plus(Duration.ofDays(80));
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertFalse(planned.isBefore(renewAt), planned + " is before " + renewAt);
        assertFalse(planned.isAfter(renewAt.plus(Duration.ofDays(4).multipliedBy(5).dividedBy(100))), planned.toString());
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "nothing is said of a certificate far from expiry");
        assertEquals(current, store.certs.get(ID).get(0));
    }

    @Test
    void an_absolute_threshold_is_counted_back_from_not_after() throws Exception {
        X509Certificate current = certificateOfAge(Duration.ofDays(1));
        renewals.track(credential(true, "10day", "1d"));
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        Instant renewAt = current.getNotAfter().toInstant().minus(Duration.ofDays(10));
        assertFalse(planned.isBefore(renewAt), planned.toString());
        assertFalse(planned.isAfter(renewAt.plus(Duration.ofDays(1).multipliedBy(5).dividedBy(100))), planned.toString());
    }

    @Test
    void a_failed_renewal_keeps_the_certificate_and_is_tried_again_every_retry_period_until_the_issuer_is_back()
            throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(80)); // due at 80 %, 20 days left
        store.issuerDown = true;
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        assertEquals(old, store.certs.get(ID).get(0), "the old certificate stays");
        Instant next = Instant.ofEpochMilli((Long) failed.properties().get(CredentialEvents.NEXT_ATTEMPT));
        Duration retryPeriod = LIFETIME.multipliedBy(4).dividedBy(100);
        assertWithin(start.plus(retryPeriod), retryPeriod, next);
        assertTrue(renewals.status(ID).orElseThrow().lastError().orElseThrow().contains("not available"));

        // the second failure waits the retry period again: no backoff, the documentation's "retry"
        clock.set(next);
        renewals.evaluate(ID);
        Posted again = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        Instant second = Instant.ofEpochMilli((Long) again.properties().get(CredentialEvents.NEXT_ATTEMPT));
        assertWithin(next.plus(retryPeriod), retryPeriod, second);

        // the issuer is back: the retry renews, and the failures are forgotten
        store.issuerDown = false;
        clock.set(second);
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        assertNotEquals(old, store.certs.get(ID).get(0));
        assertTrue(renewals.status(ID).orElseThrow().lastError().isEmpty());
    }

    @Test
    void near_its_end_a_certificate_is_tried_again_so_that_three_attempts_fit_before_it_expires() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(97)); // 3 days left, retry 4 days
        store.issuerDown = true;
        renewals.track(credential(true, "80%", "4%"));
        Instant notAfter = old.getNotAfter().toInstant();
        Instant now = start;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
            if (attempt == 1) {
                awaitEvent(CredentialEvents.TOPIC_EXPIRING); // the renewal is late
            }
            Instant next = Instant.ofEpochMilli((Long) failed.properties().get(CredentialEvents.NEXT_ATTEMPT));
            Duration third = Duration.between(now, notAfter).dividedBy(3);
            assertWithin(now.plus(third), third, next);
            settle();
            clock.set(next);
            now = next;
            renewals.evaluate(ID);
        }
        assertTrue(now.isBefore(notAfter), "three attempts before notAfter");
    }

    /**
     * Lets the timer thread, which posted the last event, go back to sleep: moved forward before that, the clock
     * would make it look at the credential again beside the test's own {@code evaluate}.
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(200);
    }

    /** The planned time is at most 5 % (jitter) before {@code latest}, and not after it (a second's rounding allowed). */
    private static void assertWithin(Instant latest, Duration period, Instant planned) {
        assertFalse(planned.isAfter(latest.plusSeconds(1)), planned + " after " + latest);
        assertFalse(planned.isBefore(latest.minus(period.multipliedBy(5).dividedBy(100)).minusSeconds(1)),
                planned + " more than 5 % before " + latest);
    }

    @Test
    void a_retry_after_of_any_length_is_honoured_up_to_the_retry_period_and_never_overflows() throws Exception {
        certificateOfAge(Duration.ofDays(80));
        store.pendingFor = Duration.ofSeconds(Long.MAX_VALUE);
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        Instant next = Instant.ofEpochMilli((Long) failed.properties().get(CredentialEvents.NEXT_ATTEMPT));
        Instant capped = renewals.status(ID).orElseThrow().nextAttempt().orElseThrow();
        assertEquals(start.plus(LIFETIME.multipliedBy(4).dividedBy(100)), capped, "capped at the retry period");
        assertEquals(capped.toEpochMilli(), next.toEpochMilli());
        assertTrue(renewals.status(ID).orElseThrow().lastError().orElseThrow().contains("manual approval"));
    }

    @Test
    void an_issuer_that_throws_an_unchecked_exception_is_a_failed_attempt_not_a_forgotten_credential()
            throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(80));
        store.issuerThrows = () -> new IllegalStateException("malformed PKCS#7");
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        assertTrue(((String) failed.properties().get(CredentialEvents.ERROR)).contains("malformed PKCS#7"));
        CredentialStatus status = renewals.status(ID).orElseThrow();
        assertTrue(status.nextAttempt().isPresent(), "a next attempt is planned");
        assertTrue(status.lastError().orElseThrow().contains("IllegalStateException: malformed PKCS#7"));
        CredentialException answer = assertThrows(CredentialException.class, () -> renewals.renewNow(ID),
                "renew now answers with the outcome");
        assertTrue(answer.getMessage().contains("malformed PKCS#7"), answer.getMessage());
        assertEquals(old, store.certs.get(ID).get(0), "the old certificate stays");
    }

    @Test
    void an_error_thrown_by_the_issuer_leaves_the_timer_thread_running() throws Exception {
        certificateOfAge(Duration.ofDays(80));
        store.issuerThrows = () -> new NoClassDefFoundError("org/edgepki/issuer/est/internal/EstClient");
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        assertTrue(((String) failed.properties().get(CredentialEvents.ERROR)).contains("NoClassDefFoundError"));
        assertTrue(renewals.status(ID).orElseThrow().nextAttempt().isPresent());

        store.issuerThrows = null;
        clock.set(Instant.ofEpochMilli((Long) failed.properties().get(CredentialEvents.NEXT_ATTEMPT)));
        renewals.track(credential(true, "80%", "4%")); // a look now, on the timer thread
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
    }

    @Test
    void an_issuer_that_says_when_to_ask_again_is_asked_then() throws Exception {
        certificateOfAge(Duration.ofDays(90));
        store.pendingFor = Duration.ofMinutes(7);
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        assertEquals(start.plus(Duration.ofMinutes(7)).toEpochMilli(), failed.properties().get(CredentialEvents.NEXT_ATTEMPT));
        assertTrue(renewals.status(ID).orElseThrow().lastError().orElseThrow().contains("manual approval"));
    }

    @Test
    void expiring_and_expired_are_each_said_once_for_a_certificate_without_auto_renew() throws Exception {
        X509Certificate current = certificateOfAge(LIFETIME.minus(Duration.ofDays(3))); // expires in 3 days
        renewals.track(credential(false, "80%", "4%"));
        awaitEvent(CredentialEvents.TOPIC_EXPIRING);
        Instant notAfter = current.getNotAfter().toInstant();
        assertEquals(Optional.empty(), renewals.status(ID).orElseThrow().nextAttempt(),
                "without auto_renew no renewal is planned (the scheduler still looks at notAfter, to say EXPIRED)");
        renewals.evaluate(ID);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "EXPIRING is said once");

        clock.set(notAfter.plusSeconds(1));
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_EXPIRED);
        renewals.evaluate(ID);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "EXPIRED is said once");
        assertEquals(current, store.certs.get(ID).get(0), "without auto_renew nothing is renewed");
    }

    @Test
    void a_30_day_certificate_shows_its_renewal_at_80_percent_and_is_not_said_to_expire_when_renewed_on_time()
            throws Exception {
        KeyPair key = InMemoryCredentials.newKey();
        Instant notBefore = start.minus(Duration.ofDays(20));
        X509Certificate thirtyDays = InMemoryCredentials.selfSigned(key, "CN=edgeHub", notBefore,
                notBefore.plus(Duration.ofDays(30)));
        store.keys.put(ID, key);
        store.certs.put(ID, List.of(thirtyDays));
        renewals.track(credential(true, "80%", "4%"));
        Instant renewAt = notBefore.plus(Duration.ofDays(24));
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        Duration retryPeriod = Duration.ofDays(30).multipliedBy(4).dividedBy(100);
        assertFalse(planned.isBefore(renewAt), "the planned renewal, not the EXPIRING window (day 23): " + planned);
        assertFalse(planned.isAfter(renewAt.plus(retryPeriod.multipliedBy(5).dividedBy(100))), planned.toString());

        clock.set(notBefore.plus(Duration.ofDays(23)).plus(Duration.ofHours(1))); // inside the 7-day window
        renewals.evaluate(ID);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "not EXPIRING: its renewal is not late");
        assertEquals(Optional.of(planned), renewals.status(ID).orElseThrow().nextAttempt());

        clock.set(planned);
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "renewed on time: never EXPIRING");
    }

    @Test
    void a_renewal_that_fails_inside_the_expiry_window_says_expiring_once() throws Exception {
        certificateOfAge(Duration.ofDays(95)); // 5 days left: inside the 7-day window, past the 80 % point
        store.issuerDown = true;
        renewals.track(credential(true, "80%", "4%"));
        awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        awaitEvent(CredentialEvents.TOPIC_EXPIRING);
        settle();
        clock.set(renewals.status(ID).orElseThrow().nextAttempt().orElseThrow());
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_RENEWAL_FAILED);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "EXPIRING is said once");
    }

    @Test
    void a_certificate_shorter_than_the_retry_period_is_still_renewed_before_it_expires() throws Exception {
        certificateOfAge(Duration.ofDays(90));
        Instant caEnd = start.plus(Duration.ofHours(2));
        store.capAt = caEnd; // the issuing CA ends in two hours; retry is a day
        renewals.track(credential(true, "80%", "1d"));
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertTrue(planned.isBefore(caEnd), planned.toString());

        store.capAt = null; // the CA was renewed meanwhile
        clock.set(planned);
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_RENEWED); // not held back a day, past the certificate's end
    }

    @Test
    void a_threshold_beyond_the_lifetime_renews_once_at_half_of_it_and_does_not_loop() throws Exception {
        certificateOfAge(Duration.ofDays(60)); // "400day" is beyond the 100 days: renewal at 50 days
        renewals.track(credential(true, "400day", "1d"));
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "one renewal, not a loop");
        assertTrue(awaitPlanned().nextAttempt().orElseThrow().isAfter(start.plus(Duration.ofDays(44))),
                "the new 90-day certificate is due at half of it");
    }

    @Test
    void a_renewal_its_issuer_caps_is_not_repeated_sooner_than_a_retry_period() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(90));
        store.capAt = old.getNotAfter().toInstant(); // the issuing CA ends when this certificate does
        renewals.track(credential(true, "80%", "4%"));
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no renewal loop");
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertFalse(planned.isAfter(old.getNotAfter().toInstant()), "planned before it expires: " + planned);
        assertTrue(planned.isAfter(start), "but not at once: " + planned);

        // the issuer's CA is renewed and the certificate issued again (a later notAfter): renewal
        // resumes, a retry period after the last one
        store.capAt = null;
        certificateOfAge(Duration.ofDays(85));
        clock.set(start.plus(Duration.ofDays(4)));
        renewals.certificateStored(ID);
        renewals.evaluate(ID); // the timer sleeps on real time; the test's clock jumped
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
    }

    @Test
    void renew_now_answers_with_the_new_certificate_and_its_next_renewal() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(1));
        renewals.track(credential(true, "80%", "4%"));
        awaitPlanned();
        CredentialStatus status = renewals.renewNow(ID);
        assertNotEquals(old, store.certs.get(ID).get(0));
        assertEquals(store.certs.get(ID).get(0).getNotAfter().toInstant(), status.notAfter().orElseThrow());
        assertTrue(status.nextAttempt().orElseThrow().isAfter(start.plus(Duration.ofDays(71))),
                "the new certificate is due at 80 % of its 90 days, not now: " + status.nextAttempt());
    }

    @Test
    void renewals_within_one_second_are_no_cap_and_the_policy_stays_in_force() throws Exception {
        certificateOfAge(Duration.ofDays(1));
        renewals.track(credential(true, "80%", "4%"));
        awaitPlanned();
        renewals.renewNow(ID);
        renewals.renewNow(ID); // most likely ends in the same second as the first: as long lived, not capped
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertTrue(planned.isBefore(start.plus(Duration.ofDays(80))), "renewal stays planned at 80 % of 90 days, not"
                + " only the EXPIRING event: " + planned);
    }

    @Test
    void a_certificate_due_as_soon_as_it_is_made_is_renewed_at_most_once_a_retry_period() throws Exception {
        certificateOfAge(Duration.ofDays(90));
        store.backdate = Duration.ofDays(80); // every new 90-day certificate is past 80 % at once
        renewals.track(credential(true, "80%", "4%"));
        awaitEvent(CredentialEvents.TOPIC_RENEWED);
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no renewal loop");
        assertEquals(2, store.certs.size() + store.keys.size(), "one pair, nothing left over");
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertTrue(planned.isAfter(start.plus(Duration.ofDays(1))), "the next look is days away, not now: " + planned);
        clock.set(start.plus(Duration.ofDays(90).multipliedBy(4).dividedBy(100)));
        renewals.evaluate(ID);
        awaitEvent(CredentialEvents.TOPIC_RENEWED); // a retry period later it is renewed again
    }

    @Test
    void renew_now_of_an_untracked_id_is_a_clear_error() {
        CredentialException error = assertThrows(CredentialException.class, () -> renewals.renewNow("nope"));
        assertFalse(error.isRetryable());
        assertTrue(error.getMessage().contains("nope"), error.getMessage());
    }
}
