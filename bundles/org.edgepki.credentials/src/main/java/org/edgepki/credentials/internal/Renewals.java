package org.edgepki.credentials.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.renewal.RenewalEvents;
import org.edgepki.api.renewal.RenewalException;
import org.edgepki.api.renewal.RenewalStatus;
import org.edgepki.common.renewal.InterruptedRenewal;
import org.edgepki.common.renewal.RetryAfter;

/**
 * The renewal of every tracked credential, by its policy, on one {@link RenewalTimer}: an
 * interrupted renewal is completed or rolled back before anything else is done with a credential; a
 * credential without a certificate is issued one (the Edge CA excepted: the edge bundle makes the
 * first); a due one is renewed; a failure, whatever was thrown, keeps the old certificate and is tried again every
 * retry period (sooner when the issuer asks, and so that three attempts fit before notAfter);
 * EXPIRING and EXPIRED are said once per certificate. Free of OSGi, so it runs on a test clock.
 */
final class Renewals implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Renewals.class.getName());
    /** How many credentials are looked at (renewed) side by side at most. */
    static final int PARALLEL_LOOKS = 3;
    /** How long to wait for the edge bundle's first Edge CA before looking again. */
    private static final Duration FIRST_EDGE_CA_WAIT = Duration.ofSeconds(30);
    /** Before a credential has a certificate, or once it has expired, failures are tried again at least this often. */
    private static final Duration FIRST_ISSUANCE_RETRY = Duration.ofMinutes(5);

    private final CredentialRenewal.Dependencies services;
    private final CredentialRenewal renewal;
    private final Clock clock;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Map<String, TrackedCredential> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Wakeups timer;
    private volatile Duration expiringWindow = Duration.ofDays(7);

    /**
     * @param services the stores and issuers
     * @param clock the time source
     * @param events receives each event's topic and properties
     */
    Renewals(CredentialRenewal.Dependencies services, Clock clock, BiConsumer<String, Map<String, Object>> events) {
        this(services, clock, events, looks -> new RenewalTimer(clock, looks, "edgepki-renewal", PARALLEL_LOOKS));
    }

    /**
     * @param wakeups makes what plans the looks, given what to call for each ({@link #evaluate})
     */
    Renewals(CredentialRenewal.Dependencies services, Clock clock, BiConsumer<String, Map<String, Object>> events,
            Function<Consumer<String>, Wakeups> wakeups) {
        this.services = services;
        this.renewal = new CredentialRenewal(services);
        this.clock = clock;
        this.events = events;
        this.timer = wakeups.apply(this::evaluate);
    }

    /** EXPIRING is said this long before notAfter. */
    void expiringWindow(Duration window) {
        expiringWindow = window;
    }

    /** Tracks a credential, or takes its new policy, and looks at it now. */
    void track(ManagedCredential credential) {
        Instant now = clock.instant();
        TrackedCredential tracked = byId.compute(credential.id(), (id, known) -> {
            if (known == null) {
                return new TrackedCredential(credential);
            }
            known.credential = credential;
            return known;
        });
        // its first look, due at once, is what is planned (set without the credential's monitor, which a renewal in
        // progress holds: the look that follows replaces it)
        if (tracked.nextAttempt.isEmpty()) {
            tracked.nextAttempt = Optional.of(now);
        }
        timer.schedule(credential.id(), now);
    }

    /** Something stored a new certificate for a tracked credential: look at it again now. */
    void certificateStored(String id) {
        if (byId.containsKey(id)) {
            timer.schedule(id, clock.instant());
        }
    }

    /** The credential is no longer managed. */
    void forget(String id) {
        byId.remove(id);
        timer.remove(id);
    }

    @Override
    public void close() {
        timer.close();
    }

    List<RenewalStatus> status() {
        List<RenewalStatus> all = new ArrayList<>();
        for (TrackedCredential tracked : byId.values()) {
            all.add(status(tracked));
        }
        all.sort(Comparator.comparing(RenewalStatus::credentialId));
        return Collections.unmodifiableList(all);
    }

    Optional<RenewalStatus> status(String credentialId) {
        return Optional.ofNullable(byId.get(credentialId)).map(this::status);
    }

    RenewalStatus renewNow(String credentialId) throws RenewalException {
        TrackedCredential tracked = byId.get(credentialId);
        if (tracked == null) {
            throw new RenewalException(credentialId, "is not a managed credential (neither an org.edgepki.credential"
                    + " configuration nor a module certificate in the store)", false, null);
        }
        synchronized (tracked) {
            Optional<RenewalException> failure = step(tracked, true);
            if (failure.isPresent()) {
                throw failure.get();
            }
            return status(tracked);
        }
    }

    /** Read without the credential's monitor: a renewal in progress must not hold up the console or the shell. */
    private RenewalStatus status(TrackedCredential tracked) {
        ManagedCredential credential = tracked.credential;
        return new RenewalStatus(credential.id(), credential.method(), tracked.notAfter, tracked.nextAttempt,
                tracked.lastAttempt, tracked.lastError, credential.policyText());
    }

    /** The timer's callback: the credential is due for a look. */
    void evaluate(String id) {
        TrackedCredential tracked = byId.get(id);
        if (tracked != null) {
            synchronized (tracked) {
                step(tracked, false);
            }
        }
    }

    /** Does what is due for one credential and schedules its next look; returns an attempt's failure. */
    private Optional<RenewalException> step(TrackedCredential tracked, boolean force) {
        ManagedCredential credential = tracked.credential;
        String id = credential.id();
        Instant now = clock.instant();
        try {
            if (!tracked.recovered) {
                InterruptedRenewal.Outcome recovery = renewal.recover(id);
                if (recovery != InterruptedRenewal.Outcome.NOTHING) {
                    LOG.log(Level.WARNING, "An interrupted renewal of {0} was found: {1}", id,
                            recovery == InterruptedRenewal.Outcome.COMPLETED ? "completed" : "rolled back");
                }
                tracked.recovered = true;
            }
            Optional<StoredCertificate> current = find(id);
            if (current.isEmpty()) {
                if (EDGE_CA.equals(id)) {
                    tracked.nextAttempt = Optional.of(now.plus(FIRST_EDGE_CA_WAIT));
                    schedule(id, tracked.nextAttempt.get());
                    return Optional.empty();
                }
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = renewal.issueFirst(credential);
                succeeded(tracked, chain, "Issued");
                tracked.nextAttempt = Optional.of(now);
                schedule(id, now);
                return Optional.empty();
            }
            X509Certificate leaf = current.get().leaf();
            Instant notBefore = leaf.getNotBefore().toInstant();
            Instant notAfter = leaf.getNotAfter().toInstant();
            tracked.notAfter = Optional.of(notAfter);
            Instant window = notAfter.minus(expiringWindow);
            if (current.get().preloaded()) {
                tracked.nextAttempt = Optional.empty();
                announceExpiry(tracked, notAfter, now, window);
                schedule(id, nextExpiryEvent(notAfter, now, window));
                if (force) {
                    return Optional.of(new RenewalException(id, "is a preloaded file; edgepki never renews files it"
                            + " did not make", false, null));
                }
                return Optional.empty();
            }
            Instant renewAt = RenewalSchedule.renewAt(notBefore, notAfter, credential.threshold());
            Duration retryPeriod = RenewalSchedule.retryPeriod(notBefore, notAfter, credential.retry());
            // Automatic renewals are at least a retry period apart: a certificate that is due as
            // soon as it is made (a notBefore far in the past, a threshold close to the lifetime,
            // an issuer that caps it at its own notAfter) must not loop, yet is never left to expire.
            // The spacing is shortened, as retries are, so that a certificate shorter than the retry period (an
            // issuer that caps it) is still renewed before it expires.
            Instant earliestAutomatic = tracked.lastRenewed == null ? now : RenewalSchedule.plusSaturated(
                    tracked.lastRenewed, RenewalSchedule.spacing(tracked.lastRenewed, notAfter, retryPeriod));
            if (!force && credential.autoRenew() && !now.isBefore(renewAt)
                    && now.isBefore(earliestAutomatic)) {
                LOG.log(Level.WARNING, "{0} is due again right after its renewal (its new certificate is already past"
                        + " its threshold); the next renewal waits one retry period (or a third of the time left),"
                        + " until {1}", id, earliestAutomatic);
                Instant expiring = latest(window, earliestAutomatic);
                announceExpiry(tracked, notAfter, now, expiring);
                tracked.nextAttempt = Optional.of(earliestAutomatic);
                schedule(id, earliest(earliestAutomatic, nextExpiryEvent(notAfter, now, expiring)));
                return Optional.empty();
            }
            if (force || credential.autoRenew() && !now.isBefore(renewAt)) {
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = renewal.renew(credential);
                succeeded(tracked, chain, "Renewed");
                // Counted from the end of the renewal: an issuer slower than the retry period must not
                // make the look below renew again.
                tracked.lastRenewed = clock.instant();
                // The look that follows every renewal, at once (not on the timer, so that renewNow answers
                // with the new certificate's next renewal): it plans that renewal and the expiry events.
                step(tracked, false);
                return Optional.empty();
            }
            // The planned renewal is what status shows. EXPIRING means a renewal is late: for a credential that
            // renews itself it is not said before its planned renewal (a 30-day certificate renewed at 80 % would
            // otherwise be "expiring" from day 23 at every cycle), only once that renewal has not happened.
            Instant next = credential.autoRenew()
                    ? renewAt.plus(RenewalSchedule.jitter(RenewalSchedule.spacing(renewAt, notAfter, retryPeriod),
                            tracked.jitterFor(notAfter, random))) : null;
            Instant expiring = next == null ? window : latest(window, next);
            announceExpiry(tracked, notAfter, now, expiring);
            tracked.nextAttempt = Optional.ofNullable(next);
            schedule(id, earliest(next, nextExpiryEvent(notAfter, now, expiring)));
            return Optional.empty();
        } catch (RenewalException e) {
            failed(tracked, e, now);
            return Optional.of(e);
        } catch (Throwable e) {
            // Whatever an issuer, store or key provider throws (a parser's unchecked exception, a
            // NoClassDefFoundError while a bundle is being updated) is a failed attempt like any other: the
            // credential keeps its certificate, shows the error and is tried again. Never dropped.
            LOG.log(Level.ERROR, "Renewing " + id + " failed unexpectedly", e);
            RenewalException failure = new RenewalException(id, "failed unexpectedly: " + e, true, e);
            failed(tracked, failure, now);
            return Optional.of(failure);
        }
    }

    private Optional<StoredCertificate> find(String id) throws RenewalException {
        try {
            return services.certs().find(id);
        } catch (RenewalException e) {
            throw e;
        } catch (org.edgepki.api.EdgePkiException e) {
            throw CredentialRenewal.failure(id, e);
        }
    }

    private void succeeded(TrackedCredential tracked, List<X509Certificate> chain, String verb) {
        tracked.failures = 0;
        tracked.lastError = Optional.empty();
        Instant notAfter = chain.get(0).getNotAfter().toInstant();
        tracked.notAfter = Optional.of(notAfter);
        LOG.log(Level.INFO, "{0} {1}, valid until {2}", verb, tracked.credential.id(), notAfter);
        post(RenewalEvents.TOPIC_RENEWED, tracked.credential.id(), notAfter, Map.of());
    }

    private void failed(TrackedCredential tracked, RenewalException error, Instant now) {
        tracked.failures++;
        tracked.lastError = Optional.of(error.getMessage());
        Duration period = tracked.notAfter.isPresent() && tracked.lastAttempt.isPresent() ? retryPeriod(tracked)
                : FIRST_ISSUANCE_RETRY;
        Instant next = RenewalSchedule.retryAt(now, tracked.notAfter, period, RetryAfter.of(error),
                FIRST_ISSUANCE_RETRY, tracked.failures, random.nextDouble());
        tracked.nextAttempt = Optional.of(next);
        schedule(tracked.credential.id(), next);
        LOG.log(error.isRetryable() ? Level.WARNING : Level.ERROR, "Renewing {0} failed (attempt {1}), the current"
                + " certificate stays in use; next try at {2}: {3}", tracked.credential.id(), tracked.failures, next,
                error.getMessage());
        post(RenewalEvents.TOPIC_RENEWAL_FAILED, tracked.credential.id(), tracked.notAfter.orElse(null),
                Map.of(RenewalEvents.ERROR, error.getMessage(), RenewalEvents.NEXT_ATTEMPT, next.toEpochMilli()));
        // a renewal that fails within the expiry window is late: EXPIRING (or EXPIRED) is said now
        tracked.notAfter.ifPresent(notAfter -> announceExpiry(tracked, notAfter, now, notAfter.minus(expiringWindow)));
    }

    private Duration retryPeriod(TrackedCredential tracked) {
        try {
            X509Certificate leaf = services.certs().get(tracked.credential.id()).leaf();
            return RenewalSchedule.retryPeriod(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                    tracked.credential.retry());
        } catch (Exception e) {
            return FIRST_ISSUANCE_RETRY;
        }
    }

    /** EXPIRING from {@code expiring} on, EXPIRED after notAfter: each once per certificate. */
    private void announceExpiry(TrackedCredential tracked, Instant notAfter, Instant now, Instant expiring) {
        if (!now.isBefore(notAfter)) {
            if (!notAfter.equals(tracked.expiredAnnounced)) {
                tracked.expiredAnnounced = notAfter;
                LOG.log(Level.ERROR, "{0} expired at {1}", tracked.credential.id(), notAfter);
                post(RenewalEvents.TOPIC_EXPIRED, tracked.credential.id(), notAfter, Map.of());
            }
        } else if (!now.isBefore(expiring) && !notAfter.equals(tracked.expiringAnnounced)) {
            tracked.expiringAnnounced = notAfter;
            LOG.log(Level.WARNING, "{0} expires at {1}", tracked.credential.id(), notAfter);
            post(RenewalEvents.TOPIC_EXPIRING, tracked.credential.id(), notAfter, Map.of());
        }
    }

    /** @return when the next expiry event falls due: {@code expiring}, then notAfter; null after both */
    private static Instant nextExpiryEvent(Instant notAfter, Instant now, Instant expiring) {
        if (now.isBefore(expiring) && expiring.isBefore(notAfter)) {
            return expiring;
        }
        return now.isBefore(notAfter) ? notAfter : null;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private void schedule(String id, Instant at) {
        if (at != null) {
            timer.schedule(id, at);
        }
    }

    private void post(String topic, String id, Instant notAfter, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(RenewalEvents.CREDENTIAL_ID, id);
        if (notAfter != null) {
            properties.put(RenewalEvents.NOT_AFTER, notAfter.toEpochMilli());
        }
        events.accept(topic, properties);
    }
}
