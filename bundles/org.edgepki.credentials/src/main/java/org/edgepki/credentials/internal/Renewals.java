package org.edgepki.credentials.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.PublicKey;
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
import java.util.function.Predicate;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.Thumbprints;

/**
 * The renewal of every tracked credential, by its policy, on one {@link RenewalTimer}: an
 * interrupted renewal is completed or rolled back before anything else is done with a credential; a
 * credential without a certificate is issued one; one that no longer fits its settings is replaced
 * ({@link CredentialFit}); a manual one is validated; a due one is renewed; a failure, whatever was thrown, keeps the old certificate and is tried again every
 * retry period (sooner when the issuer asks, and so that three attempts fit before notAfter);
 * EXPIRING and EXPIRED are said once per certificate. Free of OSGi, so it runs on a test clock.
 */
final class Renewals implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Renewals.class.getName());
    /** How many credentials are looked at (renewed) side by side at most. */
    static final int PARALLEL_LOOKS = 3;
    /** How often a manual credential whose files are missing or unusable is looked at again. */
    static final long MANUAL_RETRY_SECONDS = 30;
    private static final Duration MANUAL_RETRY = Duration.ofSeconds(MANUAL_RETRY_SECONDS);
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

    /**
     * Issues a credential another bundle asked for, now, and tracks it from then on (its settings are then its own
     * certificate's: {@link ManagedCredential#moduleCertificate}).
     *
     * @return the committed chain
     * @throws CredentialException if the issuance failed: the certificate it had (if any) stays
     */
    List<X509Certificate> issueRequested(CredentialRequest request) throws CredentialException {
        String id = request.credentialId();
        TrackedCredential tracked = byId.get(id);
        if (tracked == null) {
            // not tracked until it exists: a failed first request leaves nothing behind (its caller asks again)
            List<X509Certificate> chain = requested(request);
            LOG.log(Level.INFO, "Issued {0} ({1}), valid until {2}: {3}", id, request.method(),
                    chain.get(0).getNotAfter().toInstant(), location(id));
            track(ManagedCredential.moduleCertificate(id, chain.get(0)));
            return chain;
        }
        synchronized (tracked) {
            Instant now = clock.instant();
            try {
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = requested(request);
                tracked.credential = ManagedCredential.moduleCertificate(id, chain.get(0));
                tracked.judgedUnder = tracked.credential;
                succeeded(tracked, chain, "Issued");
                tracked.lastRenewed = clock.instant();
                step(tracked, false); // plans its renewal
                return chain;
            } catch (CredentialException e) {
                failed(tracked, e, now);
                throw e;
            }
        }
    }

    /** The request's issuance; whatever an issuer or store throws is a failed attempt like any other. */
    private List<X509Certificate> requested(CredentialRequest request) throws CredentialException {
        try {
            return renewal.issueRequested(request);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "Issuing " + request.credentialId() + " failed unexpectedly", e);
            throw new CredentialException(request.credentialId(), "failed unexpectedly: " + e, true, e);
        }
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

    List<CredentialStatus> status() {
        List<CredentialStatus> all = new ArrayList<>();
        for (TrackedCredential tracked : byId.values()) {
            all.add(status(tracked));
        }
        all.sort(Comparator.comparing(CredentialStatus::credentialId));
        return Collections.unmodifiableList(all);
    }

    Optional<List<X509Certificate>> chainInUse(String credentialId) {
        return Optional.ofNullable(byId.get(credentialId)).map(tracked -> tracked.inUse);
    }

    /**
     * @param credentialId a tracked credential
     * @param sha256Thumbprint a leaf certificate's SHA-256 thumbprint, as the certificate store gives it
     * @return whether that leaf is the one this credential has in use (a store event for it is then no news)
     */
    boolean hasInUse(String credentialId, String sha256Thumbprint) {
        return chainInUse(credentialId).filter(chain -> Thumbprints.sha256(chain.get(0)).equals(sha256Thumbprint))
                .isPresent();
    }

    /** Where keys are kept changed (config.toml moved them to a token): judge these credentials again now. */
    void keysMoved(Predicate<String> moved) {
        Instant now = clock.instant();
        byId.forEach((id, tracked) -> {
            if (moved.test(id)) {
                tracked.judgedUnder = null;
                timer.schedule(id, now);
            }
        });
    }

    Optional<CredentialStatus> status(String credentialId) {
        return Optional.ofNullable(byId.get(credentialId)).map(this::status);
    }

    CredentialStatus renewNow(String credentialId) throws CredentialException {
        TrackedCredential tracked = byId.get(credentialId);
        if (tracked == null) {
            throw new CredentialException(credentialId, "is not a managed credential (neither an org.edgepki.credential"
                    + " configuration nor a module certificate in the store)", false, null);
        }
        synchronized (tracked) {
            Optional<CredentialException> failure = step(tracked, true);
            if (failure.isPresent()) {
                throw failure.get();
            }
            return status(tracked);
        }
    }

    /** Read without the credential's monitor: a renewal in progress must not hold up the console or the shell. */
    private CredentialStatus status(TrackedCredential tracked) {
        ManagedCredential credential = tracked.credential;
        return new CredentialStatus(credential.id(), credential.method(), tracked.notAfter, tracked.nextAttempt,
                tracked.lastAttempt, tracked.lastError, tracked.lastErrorRetryable, credential.endpoint().url(),
                credential.policyText());
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
    private Optional<CredentialException> step(TrackedCredential tracked, boolean force) {
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
            if (credential.manual()) {
                return manualLook(tracked, now, force);
            }
            Optional<StoredCertificate> current = find(id);
            if (current.isEmpty()) {
                tracked.inUse = null;
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = renewal.issueFirst(credential);
                tracked.judgedUnder = credential;
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
                // config.toml switching between files and issuance: the stores are reconfigured before this
                // credential's settings, which follow in a moment (or the files are in the way of an issued one)
                throw new CredentialException(id, "is a preloaded file (" + current.get().location() + ") but its"
                        + " method is '" + credential.method() + "'; edgepki never overwrites files it did not make"
                        + " (use method manual for them, or remove them from config.toml)", true, null);
            }
            if (!credential.equals(tracked.judgedUnder)) {
                Optional<String> reason = CredentialFit.replacementReason(leaf, publicKey(id), credential);
                if (reason.isPresent()) {
                    tracked.replacing = true;
                    LOG.log(Level.INFO, "Replacing {0}: {1}", id, reason.get());
                    tracked.lastAttempt = Optional.of(now);
                    List<X509Certificate> chain = renewal.replace(credential);
                    tracked.replacing = false;
                    tracked.judgedUnder = credential;
                    succeeded(tracked, chain, "Replaced");
                    tracked.lastRenewed = clock.instant();
                    step(tracked, false);
                    return Optional.empty();
                }
                tracked.replacing = false;
                tracked.judgedUnder = credential;
            }
            inUse(tracked, current.get().chain());
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
                tracked.nextAttempt = Optional.of(earliestAutomatic);
                announceExpiry(tracked, notAfter, now, expiring);
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
            tracked.nextAttempt = Optional.ofNullable(next); // before the events: their listeners may read status
            announceExpiry(tracked, notAfter, now, expiring);
            schedule(id, earliest(next, nextExpiryEvent(notAfter, now, expiring)));
            return Optional.empty();
        } catch (CredentialException e) {
            failed(tracked, e, now);
            return Optional.of(e);
        } catch (Throwable e) {
            // Whatever an issuer, store or key provider throws (a parser's unchecked exception, a
            // NoClassDefFoundError while a bundle is being updated) is a failed attempt like any other: the
            // credential keeps its certificate, shows the error and is tried again. Never dropped.
            LOG.log(Level.ERROR, "Renewing " + id + " failed unexpectedly", e);
            CredentialException failure = new CredentialException(id, "failed unexpectedly: " + e, true, e);
            failed(tracked, failure, now);
            return Optional.of(failure);
        }
    }

    /**
     * A manual credential: the operator's files, validated (key, CA rules, validity) and never written. While they
     * are missing or unusable it is a failure like any other, looked at again every {@value #MANUAL_RETRY_SECONDS} s
     * and whenever its files change; the chain in use stays the last good one.
     */
    private Optional<CredentialException> manualLook(TrackedCredential tracked, Instant now, boolean force)
            throws CredentialException {
        try {
            return validateManual(tracked, find(tracked.credential.id()), now, force);
        } catch (CredentialException e) {
            tracked.inUse = null; // a manual credential's chain in use is only ever its validated files
            throw e;
        }
    }

    private Optional<CredentialException> validateManual(TrackedCredential tracked, Optional<StoredCertificate> current,
            Instant now, boolean force) throws CredentialException {
        ManagedCredential credential = tracked.credential;
        String id = credential.id();
        if (current.isEmpty() || !current.get().preloaded()) {
            throw new CredentialException(id, current.isEmpty() ? "is manual, but no certificate file is configured"
                    + " for it (config.toml [edge_ca] cert, or a preloaded certificate with this id)" : "is manual, but"
                    + " the certificate stored under its id is one edgepki made, not a file from your PKI", true, null);
        }
        X509Certificate leaf = current.get().leaf();
        Instant notAfter = leaf.getNotAfter().toInstant();
        tracked.notAfter = Optional.of(notAfter);
        List<String> problems = CredentialFit.manualProblems(current.get().chain(), publicKey(id), credential, now);
        if (!problems.isEmpty()) {
            // not retryable: only the operator can fix the files (they are looked at again all the same)
            throw new CredentialException(id, current.get().location() + " cannot be used: " + String.join("; ",
                    problems), false, null);
        }
        if (tracked.lastError.isPresent()) {
            LOG.log(Level.INFO, "{0} is usable now: {1}", id, current.get().location());
        }
        tracked.failures = 0;
        tracked.lastError = Optional.empty();
        tracked.nextAttempt = Optional.empty(); // before the chain is shown: its readers may read status
        inUse(tracked, current.get().chain());
        Instant window = notAfter.minus(expiringWindow);
        announceExpiry(tracked, notAfter, now, window);
        schedule(id, nextExpiryEvent(notAfter, now, window));
        if (force) {
            return Optional.of(new CredentialException(id, "is a preloaded file; edgepki never renews files it"
                    + " did not make", false, null));
        }
        return Optional.empty();
    }

    /** The chain in use changed: kept for {@link #chainInUse}, and said with an event. */
    private void inUse(TrackedCredential tracked, List<X509Certificate> chain) {
        List<X509Certificate> previous = tracked.inUse;
        if (previous != null && previous.equals(chain)) {
            return;
        }
        tracked.inUse = List.copyOf(chain);
        post(CredentialEvents.TOPIC_IN_USE, tracked.credential.id(), chain.get(0).getNotAfter().toInstant(), Map.of());
    }

    private Optional<PublicKey> publicKey(String id) throws CredentialException {
        try {
            return services.keys().find(id).map(KeyPairInfo::publicKey);
        } catch (CredentialException e) {
            throw e;
        } catch (org.edgepki.api.EdgePkiException e) {
            throw CredentialRenewal.failure(id, e);
        }
    }

    /**
     * A credential may have waited for the one just issued (a device identity for the EST identity it is enrolled
     * with): those still without a certificate of their settings after a failure are looked at again now, not at their
     * next retry. Renewals that failed keep their schedule.
     */
    private void lookAgainAtWaiting(String issuedId) {
        Instant now = clock.instant();
        byId.forEach((id, other) -> {
            if (!id.equals(issuedId) && other.lastError.isPresent() && (other.inUse == null || other.replacing)) {
                other.nextAttempt = Optional.of(now);
                timer.schedule(id, now);
            }
        });
    }

    /** Where a credential's certificate is kept, for the log; "?" when the store cannot say. */
    private String location(String id) {
        try {
            return services.certs().find(id).map(stored -> stored.location().getPath()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private Optional<StoredCertificate> find(String id) throws CredentialException {
        try {
            return services.certs().find(id);
        } catch (CredentialException e) {
            throw e;
        } catch (org.edgepki.api.EdgePkiException e) {
            throw CredentialRenewal.failure(id, e);
        }
    }

    private void succeeded(TrackedCredential tracked, List<X509Certificate> chain, String verb) {
        tracked.failures = 0;
        tracked.lastError = Optional.empty();
        inUse(tracked, chain);
        Instant notAfter = chain.get(0).getNotAfter().toInstant();
        tracked.notAfter = Optional.of(notAfter);
        LOG.log(Level.INFO, "{0} {1} ({2}), valid until {3}: {4}", verb, tracked.credential.id(),
                tracked.credential.method(), notAfter, location(tracked.credential.id()));
        lookAgainAtWaiting(tracked.credential.id());
        post(CredentialEvents.TOPIC_RENEWED, tracked.credential.id(), notAfter, Map.of());
    }

    private void failed(TrackedCredential tracked, CredentialException error, Instant now) {
        tracked.failures++;
        // what status shows: the credential and the rule; whether it may pass is its own field
        String shown = error.subject() + ": " + error.rule();
        boolean repeated = tracked.lastError.filter(shown::equals).isPresent();
        if (tracked.replacing && !error.isRetryable()) {
            // its settings changed and what they ask for cannot be had (an issuer that refuses): the certificate made
            // for the old settings is no longer put forward as this credential's
            tracked.inUse = null;
        }
        Instant next;
        if (tracked.credential.manual()) {
            next = RenewalSchedule.plusSaturated(now, MANUAL_RETRY);
        } else {
            // A replacement (new settings) that fails is retried like a first issuance: soon, backing off to
            // minutes, not once per retry period of the certificate it is to replace.
            boolean renewal = tracked.notAfter.isPresent() && tracked.lastAttempt.isPresent() && !tracked.replacing;
            Duration period = renewal ? retryPeriod(tracked) : FIRST_ISSUANCE_RETRY;
            double draw = random.nextDouble();
            next = RenewalSchedule.retryAt(now, renewal ? tracked.notAfter : Optional.empty(), period,
                    RetryAfter.of(error), FIRST_ISSUANCE_RETRY, tracked.failures, draw);
            if (tracked.replacing && tracked.notAfter.isPresent()) {
                // and still soon enough that three attempts fit before the certificate in use expires
                next = earliest(next, RenewalSchedule.retryAt(now, tracked.notAfter, FIRST_ISSUANCE_RETRY,
                        RetryAfter.of(error), FIRST_ISSUANCE_RETRY, tracked.failures, draw));
            }
        }
        // the next attempt before the error: a reader that sees the error sees its retry
        tracked.nextAttempt = Optional.of(next);
        tracked.lastErrorRetryable = error.isRetryable();
        tracked.lastError = Optional.of(shown);
        schedule(tracked.credential.id(), next);
        // Logged once per cause: a manual Edge CA with a missing file is looked at every 30 s.
        LOG.log(repeated ? Level.DEBUG : error.isRetryable() ? Level.WARNING : Level.ERROR, "{0} {1} failed (attempt"
                + " {2}){3}; next try at {4}: {5}", tracked.credential.manual() ? "Validating" : tracked.notAfter.isEmpty()
                        ? "Issuing" : tracked.replacing ? "Replacing" : "Renewing", tracked.credential.id(),
                tracked.failures, tracked.inUse == null ? "" : ", the current certificate stays in use", next,
                error.getMessage());
        post(CredentialEvents.TOPIC_RENEWAL_FAILED, tracked.credential.id(), tracked.notAfter.orElse(null),
                Map.of(CredentialEvents.ERROR, shown, CredentialEvents.NEXT_ATTEMPT, next.toEpochMilli()));
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
                post(CredentialEvents.TOPIC_EXPIRED, tracked.credential.id(), notAfter, Map.of());
            }
        } else if (!now.isBefore(expiring) && !notAfter.equals(tracked.expiringAnnounced)) {
            tracked.expiringAnnounced = notAfter;
            LOG.log(Level.WARNING, "{0} expires at {1}", tracked.credential.id(), notAfter);
            post(CredentialEvents.TOPIC_EXPIRING, tracked.credential.id(), notAfter, Map.of());
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
        properties.put(CredentialEvents.CREDENTIAL_ID, id);
        if (notAfter != null) {
            properties.put(CredentialEvents.NOT_AFTER, notAfter.toEpochMilli());
        }
        events.accept(topic, properties);
    }
}
