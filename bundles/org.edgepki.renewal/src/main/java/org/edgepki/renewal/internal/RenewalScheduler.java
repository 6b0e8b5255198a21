package org.edgepki.renewal.internal;

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
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.renewal.RenewalEvents;
import org.edgepki.api.renewal.RenewalException;
import org.edgepki.api.renewal.RenewalService;
import org.edgepki.api.renewal.RenewalStatus;
import org.edgepki.common.renewal.InterruptedRenewal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One scheduler for every credential edgepki issues: each {@code org.edgepki.credential} factory
 * configuration is a credential, renewed by its policy on one timer thread that sleeps until the
 * next one is due. A failed renewal keeps the old certificate and is retried with backoff; an
 * interrupted one is completed or rolled back before anything else is done with the credential.
 * The first Edge CA is the edge bundle's to make; the scheduler renews it.
 */
@Component(service = RenewalService.class, configurationPid = RenewalScheduler.PID, immediate = true)
@Designate(ocd = RenewalSchedulerConfig.class)
public final class RenewalScheduler implements RenewalService {
    static final String PID = "org.edgepki.renewal";
    static final String CREDENTIAL_FACTORY = "org.edgepki.credential";
    private static final Logger LOG = System.getLogger(RenewalScheduler.class.getName());
    /** How long to wait for the edge bundle's first Edge CA before looking again. */
    private static final Duration FIRST_EDGE_CA_WAIT = Duration.ofSeconds(30);
    /** Before a credential has a certificate, failures are retried on this scale. */
    private static final Duration FIRST_ISSUANCE_RETRY = Duration.ofMinutes(5);

    private final RenewalDependencies services = new RenewalDependencies();
    private final CredentialRenewal renewal = new CredentialRenewal(services);
    private final Map<String, TrackedCredential> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByPid = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    private volatile Duration expiringWindow = Duration.ofDays(7);
    private RenewalTimer timer;
    private ServiceRegistration<ManagedServiceFactory> credentialConfigurations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    private void activate(BundleContext context, RenewalSchedulerConfig config) {
        modified(config);
        timer = new RenewalTimer(clock, this::evaluate, "edgepki-renewal");
        // Registered by hand, not as a component service: DS would give it this component's PID.
        credentialConfigurations = context.registerService(ManagedServiceFactory.class, new ManagedServiceFactory() {
            @Override
            public String getName() {
                return "edgepki managed credentials";
            }

            @Override
            public void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
                RenewalScheduler.this.updated(pid, properties);
            }

            @Override
            public void deleted(String pid) {
                RenewalScheduler.this.deleted(pid);
            }
        }, new Hashtable<>(Map.of(Constants.SERVICE_PID, CREDENTIAL_FACTORY)));
    }

    @Modified
    private void modified(RenewalSchedulerConfig config) {
        expiringWindow = Duration.ofDays(Math.max(1, config.expiring__days()));
    }

    @Deactivate
    private void deactivate() {
        credentialConfigurations.unregister();
        services.close();
        timer.close();
    }

    /** A credential configuration was created or changed: (re)read it and look at the credential now. */
    void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, properties.get(key));
        }
        ManagedCredential credential = CredentialSettings.parse(map);
        String previous = idByPid.put(pid, credential.id());
        if (previous != null && !previous.equals(credential.id())) {
            forget(previous);
        }
        byId.compute(credential.id(), (id, tracked) -> {
            if (tracked == null) {
                return new TrackedCredential(credential);
            }
            tracked.credential = credential;
            return tracked;
        });
        RenewalTimer current = timer;
        if (current != null) {
            current.schedule(credential.id(), clock.instant());
        }
    }

    /** A credential configuration was deleted: the credential is no longer managed. */
    void deleted(String pid) {
        String id = idByPid.remove(pid);
        if (id != null) {
            forget(id);
        }
    }

    private void forget(String id) {
        byId.remove(id);
        RenewalTimer current = timer;
        if (current != null) {
            current.remove(id);
        }
    }

    @Override
    public List<RenewalStatus> status() {
        List<RenewalStatus> all = new ArrayList<>();
        for (TrackedCredential tracked : byId.values()) {
            all.add(status(tracked));
        }
        all.sort(Comparator.comparing(RenewalStatus::credentialId));
        return Collections.unmodifiableList(all);
    }

    @Override
    public Optional<RenewalStatus> status(String credentialId) {
        return Optional.ofNullable(byId.get(credentialId)).map(this::status);
    }

    @Override
    public RenewalStatus renewNow(String credentialId) throws RenewalException {
        TrackedCredential tracked = byId.get(credentialId);
        if (tracked == null) {
            throw new RenewalException(credentialId, "is not a managed credential (no org.edgepki.credential"
                    + " configuration names it)", false, null);
        }
        synchronized (tracked) {
            Optional<RenewalException> failure = step(tracked, true);
            if (failure.isPresent()) {
                throw failure.get();
            }
            return status(tracked);
        }
    }

    private RenewalStatus status(TrackedCredential tracked) {
        synchronized (tracked) {
            ManagedCredential credential = tracked.credential;
            RenewalTimer current = timer;
            return new RenewalStatus(credential.id(), credential.method(), tracked.notAfter,
                    current == null ? Optional.empty() : current.due(credential.id()), tracked.lastAttempt,
                    tracked.lastError, credential.policyText());
        }
    }

    /** The timer's callback: the credential is due for a look. */
    private void evaluate(String id) {
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
                    schedule(id, now.plus(FIRST_EDGE_CA_WAIT));
                    return Optional.empty();
                }
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = renewal.issueFirst(credential);
                succeeded(tracked, chain, "Issued");
                schedule(id, now);
                return Optional.empty();
            }
            X509Certificate leaf = current.get().leaf();
            Instant notBefore = leaf.getNotBefore().toInstant();
            Instant notAfter = leaf.getNotAfter().toInstant();
            tracked.notAfter = Optional.of(notAfter);
            if (current.get().preloaded()) {
                announceExpiry(tracked, notAfter, now);
                scheduleExpiryOnly(tracked, notAfter, now);
                if (force) {
                    return Optional.of(new RenewalException(id, "is a preloaded file; edgepki never renews files it"
                            + " did not make", false, null));
                }
                return Optional.empty();
            }
            Instant renewAt = RenewalSchedule.renewAt(notBefore, notAfter, credential.threshold());
            if (force || credential.autoRenew() && !now.isBefore(renewAt)) {
                tracked.lastAttempt = Optional.of(now);
                List<X509Certificate> chain = renewal.renew(credential);
                succeeded(tracked, chain, "Renewed");
                schedule(id, clock.instant());
                return Optional.empty();
            }
            announceExpiry(tracked, notAfter, now);
            Duration retryPeriod = RenewalSchedule.retryPeriod(notBefore, notAfter, credential.retry());
            Instant next = credential.autoRenew()
                    ? renewAt.plus(RenewalSchedule.jitter(retryPeriod, random.nextDouble())) : null;
            schedule(id, earliest(next, nextExpiryEvent(tracked, notAfter, now)));
            return Optional.empty();
        } catch (RenewalException e) {
            failed(tracked, e, now);
            return Optional.of(e);
        }
    }

    private Optional<StoredCertificate> find(String id) throws RenewalException {
        try {
            return services.certs().find(id);
        } catch (RenewalException e) {
            throw e;
        } catch (org.edgepki.api.EdgePkiException e) {
            throw new RenewalException(id, e.getMessage(), e.isRetryable(), e);
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
        Duration wait = RenewalSchedule.backoff(period, tracked.failures).plus(RenewalSchedule.jitter(period,
                random.nextDouble()));
        Instant next = now.plus(wait);
        schedule(tracked.credential.id(), next);
        LOG.log(error.isRetryable() ? Level.WARNING : Level.ERROR, "Renewing {0} failed (attempt {1}), the current"
                + " certificate stays in use; next try at {2}: {3}", tracked.credential.id(), tracked.failures, next,
                error.getMessage());
        post(RenewalEvents.TOPIC_RENEWAL_FAILED, tracked.credential.id(), tracked.notAfter.orElse(null),
                Map.of(RenewalEvents.ERROR, error.getMessage(), RenewalEvents.NEXT_ATTEMPT, next.toEpochMilli()));
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

    /** EXPIRING within the window, EXPIRED after notAfter: each once per certificate. */
    private void announceExpiry(TrackedCredential tracked, Instant notAfter, Instant now) {
        if (!now.isBefore(notAfter)) {
            if (!notAfter.equals(tracked.expiredAnnounced)) {
                tracked.expiredAnnounced = notAfter;
                LOG.log(Level.ERROR, "{0} expired at {1}", tracked.credential.id(), notAfter);
                post(RenewalEvents.TOPIC_EXPIRED, tracked.credential.id(), notAfter, Map.of());
            }
        } else if (!now.isBefore(notAfter.minus(expiringWindow)) && !notAfter.equals(tracked.expiringAnnounced)) {
            tracked.expiringAnnounced = notAfter;
            LOG.log(Level.WARNING, "{0} expires at {1}", tracked.credential.id(), notAfter);
            post(RenewalEvents.TOPIC_EXPIRING, tracked.credential.id(), notAfter, Map.of());
        }
    }

    private Instant nextExpiryEvent(TrackedCredential tracked, Instant notAfter, Instant now) {
        Instant expiring = notAfter.minus(expiringWindow);
        if (now.isBefore(expiring)) {
            return expiring;
        }
        return now.isBefore(notAfter) ? notAfter : null;
    }

    private void scheduleExpiryOnly(TrackedCredential tracked, Instant notAfter, Instant now) {
        Instant next = nextExpiryEvent(tracked, notAfter, now);
        if (next != null) {
            schedule(tracked.credential.id(), next);
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private void schedule(String id, Instant at) {
        RenewalTimer current = timer;
        if (current != null && at != null) {
            current.schedule(id, at);
        }
    }

    private void post(String topic, String id, Instant notAfter, Map<String, Object> extra) {
        EventAdmin events = eventAdmin;
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(RenewalEvents.CREDENTIAL_ID, id);
        if (notAfter != null) {
            properties.put(RenewalEvents.NOT_AFTER, notAfter.toEpochMilli());
        }
        events.postEvent(new Event(topic, properties));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindKeys(KeyService service) {
        services.keys.bind(service);
    }

    void unbindKeys(KeyService service) {
        services.keys.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCerts(CertificateService service) {
        services.certs.bind(service);
    }

    void unbindCerts(CertificateService service) {
        services.certs.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        services.issuers.bind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }

    void unbindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        services.issuers.unbind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }
}
