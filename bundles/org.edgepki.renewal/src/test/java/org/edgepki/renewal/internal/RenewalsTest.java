package org.edgepki.renewal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.renewal.RenewalEvents;
import org.edgepki.api.renewal.RenewalException;
import org.edgepki.api.renewal.RenewalStatus;
import org.edgepki.common.renewal.RenewalTime;
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
    private final Renewals renewals = new Renewals(store, clock, (topic, properties) -> events.add(new Posted(topic,
            properties)));

    private record Posted(String topic, Map<String, Object> properties) {
    }

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
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
                RenewalTime.parse(threshold).orElseThrow(), RenewalTime.parse(retry).orElseThrow());
    }

    private Posted awaitEvent(String topic) throws InterruptedException {
        Posted posted = events.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(posted, "no " + topic);
        assertEquals(topic, posted.topic());
        assertEquals(ID, posted.properties().get(RenewalEvents.CREDENTIAL_ID));
        return posted;
    }

    /** Waits for a next attempt later than now (a renewal first looks again at once, then plans). */
    private RenewalStatus awaitPlanned() throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RenewalStatus> status = renewals.status(ID);
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
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
        X509Certificate renewed = store.certs.get(ID).get(0);
        assertNotEquals(old, renewed);
        assertNotEquals(old.getPublicKey(), renewed.getPublicKey(), "rotate_key");
        RenewalStatus status = awaitPlanned();
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
    void a_failed_renewal_keeps_the_certificate_and_retries_with_backoff_until_the_issuer_is_back() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(90));
        store.issuerDown = true;
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(RenewalEvents.TOPIC_RENEWAL_FAILED);
        assertEquals(old, store.certs.get(ID).get(0), "the old certificate stays");
        Instant next = Instant.ofEpochMilli((Long) failed.properties().get(RenewalEvents.NEXT_ATTEMPT));
        Duration retryPeriod = LIFETIME.multipliedBy(4).dividedBy(100);
        Duration firstBackoff = retryPeriod.dividedBy(16);
        assertFalse(next.isBefore(start.plus(firstBackoff)), "first retry after a sixteenth of the period: " + next);
        assertFalse(next.isAfter(start.plus(firstBackoff).plus(retryPeriod.multipliedBy(5).dividedBy(100))),
                next.toString());
        assertTrue(renewals.status(ID).orElseThrow().lastError().orElseThrow().contains("not available"));

        // the second failure waits twice as long
        clock.set(next);
        renewals.evaluate(ID);
        Posted again = awaitEvent(RenewalEvents.TOPIC_RENEWAL_FAILED);
        Instant second = Instant.ofEpochMilli((Long) again.properties().get(RenewalEvents.NEXT_ATTEMPT));
        assertFalse(second.isBefore(next.plus(firstBackoff.multipliedBy(2))), second.toString());

        // the issuer is back: the retry renews, and the failures are forgotten
        store.issuerDown = false;
        clock.set(second);
        renewals.evaluate(ID);
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
        assertNotEquals(old, store.certs.get(ID).get(0));
        assertTrue(renewals.status(ID).orElseThrow().lastError().isEmpty());
    }

    @Test
    void an_issuer_that_says_when_to_ask_again_is_asked_then_not_by_backoff() throws Exception {
        certificateOfAge(Duration.ofDays(90));
        store.pendingFor = Duration.ofMinutes(7);
        renewals.track(credential(true, "80%", "4%"));
        Posted failed = awaitEvent(RenewalEvents.TOPIC_RENEWAL_FAILED);
        assertEquals(start.plus(Duration.ofMinutes(7)).toEpochMilli(), failed.properties().get(RenewalEvents.NEXT_ATTEMPT));
        assertTrue(renewals.status(ID).orElseThrow().lastError().orElseThrow().contains("manual approval"));
    }

    @Test
    void expiring_and_expired_are_each_said_once_for_a_certificate_without_auto_renew() throws Exception {
        X509Certificate current = certificateOfAge(LIFETIME.minus(Duration.ofDays(3))); // expires in 3 days
        renewals.track(credential(false, "80%", "4%"));
        awaitEvent(RenewalEvents.TOPIC_EXPIRING);
        Instant notAfter = current.getNotAfter().toInstant();
        assertEquals(Optional.of(notAfter), awaitPlanned().nextAttempt(), "the next look is at notAfter");
        renewals.evaluate(ID);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "EXPIRING is said once");

        clock.set(notAfter.plusSeconds(1));
        renewals.evaluate(ID);
        awaitEvent(RenewalEvents.TOPIC_EXPIRED);
        renewals.evaluate(ID);
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "EXPIRED is said once");
        assertEquals(current, store.certs.get(ID).get(0), "without auto_renew nothing is renewed");
    }

    @Test
    void a_threshold_beyond_the_lifetime_renews_once_at_half_of_it_and_does_not_loop() throws Exception {
        certificateOfAge(Duration.ofDays(60)); // "400day" is beyond the 100 days: renewal at 50 days
        renewals.track(credential(true, "400day", "1d"));
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "one renewal, not a loop");
        assertTrue(awaitPlanned().nextAttempt().orElseThrow().isAfter(start.plus(Duration.ofDays(44))),
                "the new 90-day certificate is due at half of it");
    }

    @Test
    void a_renewal_its_issuer_caps_is_not_repeated_sooner_than_a_retry_period() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(90));
        store.capAt = old.getNotAfter().toInstant(); // the issuing CA ends when this certificate does
        renewals.track(credential(true, "80%", "4%"));
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
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
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
    }

    @Test
    void renew_now_answers_with_the_new_certificate_and_its_next_renewal() throws Exception {
        X509Certificate old = certificateOfAge(Duration.ofDays(1));
        renewals.track(credential(true, "80%", "4%"));
        awaitPlanned();
        RenewalStatus status = renewals.renewNow(ID);
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
        awaitEvent(RenewalEvents.TOPIC_RENEWED);
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no renewal loop");
        assertEquals(2, store.certs.size() + store.keys.size(), "one pair, nothing left over");
        Instant planned = awaitPlanned().nextAttempt().orElseThrow();
        assertTrue(planned.isAfter(start.plus(Duration.ofDays(1))), "the next look is days away, not now: " + planned);
        clock.set(start.plus(Duration.ofDays(90).multipliedBy(4).dividedBy(100)));
        renewals.evaluate(ID);
        awaitEvent(RenewalEvents.TOPIC_RENEWED); // a retry period later it is renewed again
    }

    @Test
    void renew_now_of_an_untracked_id_is_a_clear_error() {
        RenewalException error = assertThrows(RenewalException.class, () -> renewals.renewNow("nope"));
        assertFalse(error.isRetryable());
        assertTrue(error.getMessage().contains("nope"), error.getMessage());
    }
}
