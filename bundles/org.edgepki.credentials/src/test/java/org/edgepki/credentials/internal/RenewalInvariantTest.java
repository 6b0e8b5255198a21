package org.edgepki.credentials.internal;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * The renewal core's invariant, over generated schedules on a test clock: at every instant a managed credential is
 * valid with a planned next attempt, or failed with a visible last error and a planned retry; never forgotten, never a
 * key that does not match its certificate; and a credential whose issuer answers again is renewed before it expires.
 * A schedule is a policy (lifetime, threshold, retry, key rotation, auto-renewal), a certificate of some age, and steps:
 * the scheduler's next look, a clock jump (forwards, or back as NTP may), Renew now, a new policy, or a restart; each
 * with what the issuer does then (answer; be away; refuse; throw an unchecked exception or an Error; ask to be called
 * again after any number of seconds). The looks are driven by the test, in order, with the real renewal protocol on
 * in-memory stores.
 */
class RenewalInvariantTest {
    private static final String ID = "device-id";
    private static final AtomicLong SCHEDULES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();
    private static final long STARTED = System.nanoTime();

    enum Issuer { ANSWERS, AWAY, REFUSES, THROWS, ERROR, ASKS_LATER }

    /**
     * A credential's settings; a new subject or lifetime (RECONFIGURE) has the credential replaced, like a renewal
     * with a new key.
     */
    record Policy(Duration lifetime, RenewalTime threshold, RenewalTime retry, boolean rotateKey, boolean autoRenew,
            String subject) {
        ManagedCredential credential() {
            return new ManagedCredential(ID, "self_signed", List.of(subject), lifetime, Optional.empty(), autoRenew,
                    rotateKey, threshold, retry, Optional.of(CertificateProfile.CA), ManagedCredential.CA_KEY,
                    IssuerEndpoint.NONE);
        }
    }

    enum Action { LOOK, JUMP, RENEW_NOW, RECONFIGURE, RESTART }

    record Step(Action action, Issuer issuer, long retryAfterSeconds, long jumpSeconds, Policy policy) {
    }

    record Schedule(Policy policy, int ageThousandths, List<Step> steps) {
    }

    @AfterContainer
    static void report() {
        RENEWAL_LOG.setLevel(null);
        System.out.printf("RenewalInvariantTest: %d schedules, %d steps, %.1f s%n", SCHEDULES.get(), STEPS.get(),
                (System.nanoTime() - STARTED) / 1e9);
    }

    /** The scheduler's log, quiet while thousands of schedules fail on purpose. */
    private static final java.util.logging.Logger RENEWAL_LOG = java.util.logging.Logger.getLogger(
            Renewals.class.getName());

    @net.jqwik.api.lifecycle.BeforeContainer
    static void quiet() {
        RENEWAL_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @Property(tries = 10_000)
    void every_credential_is_always_planned_or_failed_with_a_retry_and_renewed_once_its_issuer_answers(
            @ForAll("schedules") Schedule schedule) throws Exception {
        SCHEDULES.incrementAndGet();
        try (Run run = new Run(schedule.policy(), schedule.ageThousandths())) {
            run.assertInvariant("at the start");
            for (Step step : schedule.steps()) {
                STEPS.incrementAndGet();
                run.apply(step);
                run.assertInvariant("after " + step);
            }
            run.assertRenewedBeforeExpiryOnceTheIssuerAnswers();
        }
    }

    /** One schedule being played. */
    private static final class Run implements AutoCloseable {
        final InMemoryCredentials store = new InMemoryCredentials();
        final MovableClock clock;
        final List<String> topics = new ArrayList<>();
        Policy policy;
        /** The latest the clock has been. */
        Instant latestSeen = Instant.MIN;
        ManualWakeups wakeups;
        Renewals renewals;

        Run(Policy policy, int ageThousandths) {
            this.policy = policy;
            Instant start = Instant.parse("2030-01-01T00:00:00Z");
            clock = new MovableClock(start);
            store.clock = clock;
            KeyPair key = InMemoryCredentials.newKey();
            Instant notBefore = start.minus(policy.lifetime().multipliedBy(ageThousandths).dividedBy(1000));
            store.keys.put(ID, key);
            store.certs.put(ID, List.of(InMemoryCredentials.selfSigned(key, "CN=gw1", notBefore,
                    notBefore.plus(policy.lifetime()))));
            start();
        }

        void start() {
            renewals = new Renewals(store, clock, (topic, properties) -> topics.add(topic), looks -> {
                wakeups = new ManualWakeups(looks);
                return wakeups;
            });
            renewals.track(policy.credential());
            wakeups.runDue(clock); // its first look, at once, as the timer thread does
        }

        void apply(Step step) {
            issuer(step.issuer(), step.retryAfterSeconds());
            switch (step.action()) {
                case LOOK -> wakeups.runNext(clock);
                case JUMP -> {
                    clock.set(clock.instant().plusSeconds(step.jumpSeconds()));
                    wakeups.runDue(clock);
                }
                case RENEW_NOW -> {
                    try {
                        renewals.renewNow(ID);
                    } catch (CredentialException answered) {
                        // the outcome, as Renew now shows it
                    }
                }
                case RECONFIGURE -> {
                    policy = step.policy();
                    renewals.track(policy.credential());
                    wakeups.runDue(clock); // the look a new policy asks for, at once
                }
                case RESTART -> {
                    renewals.close();
                    start();
                }
            }
        }

        void issuer(Issuer issuer, long retryAfterSeconds) {
            store.issuerDown = issuer == Issuer.AWAY;
            store.issuerRefuses = issuer == Issuer.REFUSES
                    ? new IssuanceException(ID, "refused: the CSR's subject is not allowed", false, null) : null;
            store.issuerThrows = switch (issuer) {
                case THROWS -> () -> new IllegalStateException("malformed answer");
                case ERROR -> () -> new NoClassDefFoundError("org/edgepki/issuer/est/internal/EstClient");
                default -> null;
            };
            store.pendingFor = issuer == Issuer.ASKS_LATER ? Duration.ofSeconds(retryAfterSeconds) : null;
        }

        void assertInvariant(String where) {
            Instant now = clock.instant();
            latestSeen = now.isAfter(latestSeen) ? now : latestSeen;
            X509Certificate leaf = store.certs.get(ID).get(0);
            check(PublicKeyMatch.sameKey(leaf.getPublicKey(), store.keys.get(ID).getPublic()),
                    "the key matches the certificate", where);
            check(store.certs.get(ID + "-temp") == null && store.keys.get(ID + "-temp") == null,
                    "no temporary key or certificate is left", where);
            CredentialStatus status = renewals.status(ID).orElseThrow(() -> new AssertionError("forgotten " + where));
            Instant notAfter = leaf.getNotAfter().toInstant();
            Optional<Instant> look = wakeups.due(ID);
            if (policy.autoRenew()) {
                check(look.isPresent(), "a look is planned", where);
                check(status.nextAttempt().isPresent(), "an attempt is planned", where);
                // judged when the clock has not gone back since the plan was made (an NTP step back leaves it be)
                if (now.isBefore(notAfter) && !now.isBefore(latestSeen)) {
                    Instant latest = notAfter.isAfter(now.plusSeconds(1)) ? notAfter : now.plusSeconds(1);
                    check(!status.nextAttempt().get().isAfter(latest), "the next attempt (" + status.nextAttempt().get()
                            + ") comes before notAfter (" + notAfter + ")", where);
                }
            } else if (now.isBefore(notAfter) && !now.isBefore(latestSeen)) {
                check(look.isPresent(), "a look is planned until notAfter (EXPIRED is said then)", where);
            }
            if (status.lastError().isPresent() && policy.autoRenew() && look.get().isAfter(now)) {
                check(status.nextAttempt().isPresent(), "a failed credential has a retry planned", where);
            }
        }

        /** The issuer answers from now on: the certificate is renewed before the one in use expires. */
        void assertRenewedBeforeExpiryOnceTheIssuerAnswers() {
            if (!policy.autoRenew()) {
                return;
            }
            issuer(Issuer.ANSWERS, 0);
            Instant notAfter = store.certs.get(ID).get(0).getNotAfter().toInstant();
            if (!clock.instant().isBefore(notAfter.minusSeconds(2))) {
                return; // expired already (or about to): nothing can be promised for it
            }
            topics.clear();
            for (int look = 0; look < 200 && !topics.contains(CredentialEvents.TOPIC_RENEWED); look++) {
                wakeups.runNext(clock);
                check(!clock.instant().isAfter(notAfter) || topics.contains(CredentialEvents.TOPIC_RENEWED),
                        "renewed before " + notAfter + " once the issuer answers", "in the end");
            }
            check(topics.contains(CredentialEvents.TOPIC_RENEWED), "renewed within 200 looks of an answering issuer",
                    "in the end");
        }

        private void check(boolean holds, String what, String where) {
            if (!holds) {
                throw new AssertionError(what + ", " + where + ": now " + clock.instant() + ", " + policy
                        + ", status " + renewals.status(ID));
            }
        }

        @Override
        public void close() {
            renewals.close();
        }
    }

    /** The looks, run by the test: each at its time, in order, on the test's thread. */
    private static final class ManualWakeups implements Wakeups {
        private final RenewalQueue queue = new RenewalQueue();
        private final Consumer<String> looks;

        ManualWakeups(Consumer<String> looks) {
            this.looks = looks;
        }

        /** Moves the clock to the earliest planned look (never back) and runs what is due then. */
        void runNext(MovableClock clock) {
            Optional<Instant> earliest = queue.earliest();
            if (earliest.isEmpty()) {
                return;
            }
            if (earliest.get().isAfter(clock.instant())) {
                clock.set(earliest.get());
            }
            runDue(clock);
        }

        void runDue(MovableClock clock) {
            for (String id : queue.takeDue(clock.instant())) {
                looks.accept(id);
            }
        }

        @Override
        public void schedule(String id, Instant due) {
            queue.schedule(id, due);
        }

        @Override
        public void remove(String id) {
            queue.remove(id);
        }

        @Override
        public Optional<Instant> due(String id) {
            return queue.due(id);
        }

        @Override
        public void close() {
        }
    }

    @Provide
    Arbitrary<Schedule> schedules() {
        return Combinators.combine(policies(), Arbitraries.integers().between(0, 1300),
                steps().list().ofMinSize(1).ofMaxSize(20)).as(Schedule::new);
    }

    private static Arbitrary<Policy> policies() {
        Arbitrary<Duration> lifetime = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(60, 400L * 24 * 60).map(Duration::ofMinutes)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(90))));
        Arbitrary<RenewalTime> threshold = Arbitraries.oneOf(Arbitraries.integers().between(1, 99).map(RenewalTime::percent),
                Arbitraries.integers().between(1, 500 * 24 * 60).map(minutes -> RenewalTime.parse(minutes + "min")
                        .orElseThrow()));
        Arbitrary<RenewalTime> retry = Arbitraries.oneOf(Arbitraries.integers().between(1, 99).map(RenewalTime::percent),
                Arbitraries.integers().between(1, 60 * 24 * 60).map(minutes -> RenewalTime.parse(minutes + "min")
                        .orElseThrow()));
        return Combinators.combine(lifetime, threshold, retry, Arbitraries.of(true, false),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(9, true), net.jqwik.api.Tuple.of(1, false)),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(3, "CN=gw1"), net.jqwik.api.Tuple.of(1, "CN=gw2")))
                .as(Policy::new);
    }

    private static Arbitrary<Step> steps() {
        Arbitrary<Action> action = Arbitraries.frequency(net.jqwik.api.Tuple.of(10, Action.LOOK),
                net.jqwik.api.Tuple.of(3, Action.JUMP), net.jqwik.api.Tuple.of(1, Action.RENEW_NOW),
                net.jqwik.api.Tuple.of(1, Action.RECONFIGURE), net.jqwik.api.Tuple.of(1, Action.RESTART));
        Arbitrary<Long> retryAfter = Arbitraries.oneOf(Arbitraries.longs().between(0, 3600),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(Long.MAX_VALUE, 0L));
        Arbitrary<Long> jump = Arbitraries.oneOf(Arbitraries.longs().between(-3600, 0),
                Arbitraries.longs().between(0, 400L * 24 * 3600));
        return Combinators.combine(action, Arbitraries.of(Issuer.class), retryAfter, jump, policies()).as(Step::new);
    }
}
