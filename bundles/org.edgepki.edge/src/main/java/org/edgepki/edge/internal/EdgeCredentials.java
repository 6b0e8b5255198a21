package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;
import static org.edgepki.api.CredentialIds.TRUST_BUNDLE;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.credential.CredentialEvents;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadEvents;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.CertificatePem;
import org.edgepki.common.crypto.Thumbprints;
import org.edgepki.common.naming.DeviceNames;
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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The device's view of its credentials: takes the Edge CA in use from the credential service (which alone
 * issues, replaces, renews and validates it), publishes the trust bundle, keeps the edgeHub server
 * certificate, and issues module certificates on request. Its dependencies are optional and dynamic, so
 * updating the key store, certificate store, an issuer or the credential service never restarts this
 * component: requests wait for them a bounded time.
 *
 * <p>It runs again on its worker thread, once per burst of events, when the Edge CA in use changes
 * (the credential service's {@code IN_USE} event) or the user trust bundle does, and every
 * {@link #UNUSABLE_RETRY} while it has no usable Edge CA.
 * Registered under its own class: callers get it through {@link AuthorizedWorkloadCertificates}.
 */
@Component(service = {EdgeCredentials.class, EventHandler.class, Check.class},
        configurationPid = EdgeCredentials.PID, immediate = true, property = {
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_STORED,
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_DELETED,
            EventConstants.EVENT_TOPIC + "=" + CredentialEvents.TOPIC_IN_USE,
            EventConstants.EVENT_TOPIC + "=" + CredentialEvents.TOPIC_RENEWAL_FAILED,
            Check.ID + "=" + EdgeCredentials.SETUP_CHECK
        })
@Designate(ocd = EdgeConfig.class)
public final class EdgeCredentials implements WorkloadCertificates, EventHandler, Check {
    /** The check that reports an Edge CA that could not be set up. */
    static final String SETUP_CHECK = "edge-ca-setup";
    /** How often the edge looks for a usable Edge CA again while it has none (events bring it sooner). */
    static final Duration UNUSABLE_RETRY = Duration.ofSeconds(30);
    /**
     * The first look again at an Edge CA that is being set up, doubling up to {@link #UNUSABLE_RETRY}: at start the
     * credential service is usually a few hundred milliseconds from having it in use.
     */
    static final Duration FIRST_UNUSABLE_RETRY = Duration.ofMillis(100);
    static final String PID = "org.edgepki.edge";
    private static final Logger LOG = System.getLogger(EdgeCredentials.class.getName());
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);
    private static final Duration FIRST_START_WAIT = Duration.ofSeconds(10);
    /** Long enough to gather the events of one configuration change (a trust bundle, a failure) into one run. */
    private static final Duration EVENT_DELAY = Duration.ofMillis(300);

    private final EdgeDependencies services = new EdgeDependencies();
    private final EdgeCaState edgeCa = new EdgeCaState();
    /** The last reason the Edge CA was unusable, said once; worker thread only. */
    private String lastUnusable;
    /** Looks in a row that found no usable Edge CA, for the back-off; worker thread only. */
    private int unusableLooks;
    private final ModuleCertificates modules = new ModuleCertificates(services);
    private ScheduledExecutorService worker;
    /** Where module certificates are issued again after a rotation: one thread per core, made when first needed. */
    private ExecutorService reissueThreads;
    /** The next run of {@link #establish}, for a retry or an event; worker thread only. */
    private NextRun nextEstablish;
    /** SHA-256 thumbprint of the Edge CA in use, or null; worker thread only. */
    private String edgeCaInUse;
    /** SHA-256 thumbprint of the last Edge CA established, to tell a rotation; worker thread only. */
    private String edgeCaAnnounced;
    private volatile EdgeSettings settings;
    private volatile WorkloadException configError;
    private volatile boolean active;

    @Activate
    private void activate(EdgeConfig config) {
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgepki-edge-credentials");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger reissuers = new AtomicInteger();
        reissueThreads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
            Thread thread = new Thread(runnable, "edgepki-edge-reissue-" + reissuers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        nextEstablish = new NextRun(worker, () -> {
            EdgeSettings current = settings;
            if (current != null) {
                establish(current);
            }
        });
        active = true;
        modified(config);
    }

    @Modified
    private void modified(EdgeConfig config) {
        worker.execute(() -> apply(config));
    }

    @Deactivate
    private void deactivate() {
        active = false;
        services.close();
        worker.shutdownNow();
        reissueThreads.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
            reissueThreads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(EdgeConfig config) {
        try {
            EdgeSettings next = EdgeSettings.from(config, DeviceNames.osHostname());
            services.setTimeout(next.serviceTimeout());
            settings = next;
            configError = null;
            establish(next);
        } catch (WorkloadException e) {
            // The last good settings stay in force; requests report this error until it is fixed.
            configError = e;
            LOG.log(Level.ERROR, "Configuration of {0} rejected, keeping the previous one: {1}", PID, e.getMessage());
        } catch (RuntimeException e) {
            configError = new WorkloadException(PID, "the configuration could not be read: " + e, false, e);
            LOG.log(Level.ERROR, "Configuration of " + PID + " could not be read, keeping the previous one", e);
        }
    }

    /**
     * Called by EventAdmin: the Edge CA in use changed, the user trust bundle changed, or a module certificate was
     * stored. The decision is made on the worker, after any run in progress.
     */
    @Override
    public void handleEvent(Event event) {
        if (!active) {
            return;
        }
        if (EdgeCaEvents.moduleCertificateStored(event)) {
            // The scheduler may commit a module renewal issued just before the Edge CA rotated.
            String certId = (String) event.getProperty(CertificateEvents.CERT_ID);
            onWorker(() -> {
                List<X509Certificate> inUse = edgeCa.current();
                if (active && edgeCaInUse != null && inUse != null && modules.issuedByAnotherCa(certId, inUse)) {
                    LOG.log(Level.INFO, "{0} was stored from another Edge CA; issuing it again", certId);
                    nextEstablish.within(EVENT_DELAY);
                }
            });
            return;
        }
        if (EdgeCaEvents.callForSetup(event)) {
            // A new Edge CA in use is taken at once: its module certificates wait for it, and nothing else gathers.
            Duration delay = EdgeCaEvents.edgeCaPutInUse(event) ? Duration.ZERO : EVENT_DELAY;
            onWorker(() -> {
                if (active) {
                    nextEstablish.within(delay);
                }
            });
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // Deactivated meanwhile: nothing is established any more.
        }
    }

    private void establish(EdgeSettings current) {
        nextEstablish.cancel();
        try {
            List<X509Certificate> chain = edgeCaInUse(current);
            String thumbprint = Thumbprints.sha256(chain.get(0));
            boolean changed = !thumbprint.equals(edgeCaInUse);
            edgeCa.ready(chain);
            edgeCaInUse = thumbprint;
            lastUnusable = null;
            unusableLooks = 0;
            if (changed) {
                LOG.log(Level.INFO, "Using the Edge CA {0}, expires {1}", chain.get(0).getSubjectX500Principal()
                        .getName(), chain.get(0).getNotAfter().toInstant());
            }
            publishTrustBundle();
            ModuleCertificates.Reissue reissue = modules.reissueFrom(chain, current, reissueThreads);
            ensureEdgeHub(current);
            announce(chain, reissue);
        } catch (WorkloadException e) {
            if (!active) {
                return; // stopping: the services went away with us, nothing to report
            }
            edgeCa.failed(e);
            // Said once per reason: the credential service logs the Edge CA's own failures as they happen.
            Level level = e.getMessage().equals(lastUnusable) ? Level.DEBUG : Level.WARNING;
            lastUnusable = e.getMessage();
            // Without an Edge CA, looked at again soon, backing off to UNUSABLE_RETRY: one may come without an event.
            Duration backoff = FIRST_UNUSABLE_RETRY.multipliedBy(1L << Math.min(unusableLooks, 9));
            Duration delay = edgeCa.current() != null ? RETRY_DELAY
                    : UNUSABLE_RETRY.compareTo(backoff) < 0 ? UNUSABLE_RETRY : backoff;
            unusableLooks++;
            LOG.log(level, "Edge CA not ready, looking again in {0} ms or when it changes: {1}", delay.toMillis(),
                    e.getMessage());
            nextEstablish.within(delay);
        } catch (RuntimeException | LinkageError e) {
            // A bug (or a broken bundle) must not vanish in the executor: say it, and try again.
            LOG.log(Level.ERROR, "Setting up the Edge CA failed unexpectedly; trying again in "
                    + RETRY_DELAY.toSeconds() + " s", e);
            edgeCa.failed(new WorkloadException(EDGE_CA, "setting up the Edge CA failed: " + e, true, e));
            nextEstablish.within(RETRY_DELAY);
        }
    }

    /**
     * The Edge CA the credential service has in use, if this device may use it.
     *
     * @throws WorkloadException retryable while there is none yet (with the credential's last error); not retryable
     *     when its common name clashes with this device's names
     */
    private List<X509Certificate> edgeCaInUse(EdgeSettings current) throws WorkloadException {
        CredentialService credentials = services.credentials();
        Optional<List<X509Certificate>> chain = credentials.chainInUse(EDGE_CA);
        if (chain.isEmpty()) {
            Optional<CredentialStatus> status = credentials.status(EDGE_CA);
            if (status.isEmpty()) {
                throw new WorkloadException(EDGE_CA, "no Edge CA is configured (config.toml [edge_ca]: an"
                        + " org.edgepki.credential configuration with credential_id aziot-edged-ca)", true, null);
            }
            // the credential's own failure, as retryable as it is: a wrong PIN or unusable files are the operator's
            throw new WorkloadException(EDGE_CA, status.get().lastError().map(error -> "it is not set up: " + error)
                    .orElse("it is being set up"), status.get().lastErrorRetryable(), null);
        }
        List<String> problems = EdgeCaValidation.problems(chain.get().get(0), current.hostname(), current.deviceId(),
                current.registrationId());
        if (!problems.isEmpty()) {
            throw new WorkloadException(edgeCaLocation(), "cannot be this device's Edge CA: " + String.join("; ",
                    problems), false, null);
        }
        return chain.get();
    }

    /**
     * Check {@value #SETUP_CHECK}: the Edge CA is set up, or why it is not (the credential service's last error and
     * planned retry, or the edge's own objection).
     */
    @Override
    public List<Finding> run() {
        String fix = "correct what the message names (config.toml [edge_ca], the Edge CA files, the issuer); edgepki"
                + " tries again by itself, and at once when they change";
        CredentialService credentials = services.credentials.current();
        Optional<CredentialStatus> status = credentials == null ? Optional.empty() : credentials.status(EDGE_CA);
        String retry = status.filter(known -> known.lastError().isPresent()).flatMap(CredentialStatus::nextAttempt)
                .map(at -> " (next attempt " + at + ")").orElse("");
        Optional<WorkloadException> failure = edgeCa.failure();
        if (edgeCa.current() == null && credentials != null && credentials.chainInUse(EDGE_CA).isPresent()
                && failure.filter(error -> !error.isRetryable()).isEmpty()) {
            lookIfEdgeCaChanged(); // just issued: the edge is taking it in use
            return List.of(Finding.ok(SETUP_CHECK, EDGE_CA, "the Edge CA was just set up; it is being put in use"));
        }
        if (edgeCa.current() == null) {
            return List.of(failure.isPresent()
                    ? Finding.error(SETUP_CHECK, EDGE_CA, "the Edge CA is not set up: " + failure.get().getMessage()
                            + retry, fix)
                    : Finding.ok(SETUP_CHECK, EDGE_CA, "the Edge CA is being set up"));
        }
        if (failure.isPresent()) {
            return List.of(Finding.warning(SETUP_CHECK, EDGE_CA, "the previous Edge CA stays in use: "
                    + failure.get().getMessage(), fix));
        }
        Optional<String> credentialError = status.flatMap(CredentialStatus::lastError);
        if (credentialError.isPresent()) {
            return List.of(Finding.warning(SETUP_CHECK, EDGE_CA, "the Edge CA in use stays, but its last renewal or"
                    + " replacement failed: " + credentialError.get() + retry, fix));
        }
        return List.of(Finding.ok(SETUP_CHECK, EDGE_CA, "set up"));
    }

    /**
     * After the Edge CA in use changed, or module certificates were issued again: the event that
     * tells their holders, and another run soon for those that failed retryably.
     */
    private void announce(List<X509Certificate> chain, ModuleCertificates.Reissue reissue) {
        boolean rotated = edgeCaAnnounced != null && !edgeCaAnnounced.equals(edgeCaInUse);
        edgeCaAnnounced = edgeCaInUse;
        if (!reissue.failed().isEmpty()) {
            LOG.log(Level.WARNING, "{0} module certificate(s) could not be issued again from the Edge CA{1}: {2}",
                    reissue.failed().size(), reissue.retryable() ? "; trying again in " + RETRY_DELAY.toSeconds()
                            + " s" : "", String.join("; ", reissue.failed()));
            if (reissue.retryable()) {
                nextEstablish.within(RETRY_DELAY);
            }
        }
        if (!rotated && reissue.reissued().isEmpty()) {
            return;
        }
        LOG.log(Level.INFO, "Edge CA {0}: {1} module certificate(s) issued again from it {2}",
                rotated ? "rotated" : "in use", reissue.reissued().size(), reissue.reissued());
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(WorkloadEvents.TOPIC_EDGE_CA_ROTATED, Map.of(
                    WorkloadEvents.EDGE_CA_THUMBPRINT, edgeCaInUse,
                    WorkloadEvents.EDGE_CA_CHAIN_PEM, CertificatePem.of(chain),
                    WorkloadEvents.REISSUED_CERT_IDS, reissue.reissued().toArray(String[]::new),
                    WorkloadEvents.FAILED_CERT_IDS, reissue.failed().toArray(String[]::new))));
        }
    }

    private void ensureEdgeHub(EdgeSettings current) throws WorkloadException {
        Optional<WorkloadCredential> kept = modules.reusableServerCertificate(EDGE_HUB, current.hostname(),
                edgeCa.current());
        WorkloadCredential edgeHub = kept.isPresent() ? kept.get()
                : modules.issue(EDGE_HUB, current.hostname(), CertificateProfile.SERVER,
                        ModuleCertificates.serverNames(current.hostname(), EDGE_HUB), current);
        StoredCertificate stored = storedOrThrow(edgeHub.certId());
        LOG.log(Level.INFO, "edgeHub server certificate for {0} ({1}, expires {2}): {3}", current.hostname(),
                kept.isPresent() ? "kept" : "issued", edgeHub.chain().get(0).getNotAfter().toInstant(),
                stored.location().getPath());
    }

    private void publishTrustBundle() throws WorkloadException {
        try {
            List<X509Certificate> bundle = services.trustBundle().certificates();
            CertificateService certs = services.certs();
            Optional<StoredCertificate> published = certs.find(TRUST_BUNDLE);
            if (!bundle.isEmpty() && (published.isEmpty() || !published.get().chain().equals(bundle))) {
                certs.store(TRUST_BUNDLE, bundle);
            }
        } catch (WorkloadException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        }
    }

    /** The Edge CA's file, to name it in an error; its id when the store cannot say. */
    private String edgeCaLocation() {
        try {
            return services.certs().find(EDGE_CA).map(stored -> stored.location().getPath()).orElse(EDGE_CA);
        } catch (EdgePkiException e) {
            return EDGE_CA;
        }
    }

    private StoredCertificate storedOrThrow(String certId) throws WorkloadException {
        try {
            return services.certs().get(certId);
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        }
    }

    @Override
    public WorkloadCredential serverCertificate(String moduleId, String commonName,
            List<SubjectAltName> subjectAltNames) throws WorkloadException {
        EdgeSettings current = readySettings();
        return modules.issue(moduleId, commonName, CertificateProfile.SERVER, subjectAltNames, current);
    }

    @Override
    public WorkloadCredential identityCertificate(String moduleId) throws WorkloadException {
        EdgeSettings current = readySettings();
        return modules.issue(moduleId, moduleId, CertificateProfile.CLIENT, List.of(), current);
    }

    @Override
    public List<X509Certificate> edgeCaChain() throws WorkloadException {
        return edgeCa.await(readySettings().serviceTimeout());
    }

    private EdgeSettings readySettings() throws WorkloadException {
        if (!active) {
            throw new WorkloadException(PID, "this service instance is stopping (its bundle is being updated"
                    + " or stopped); get the service again", true, null);
        }
        lookIfEdgeCaChanged();
        EdgeSettings current = settings;
        if (current == null) {
            WorkloadException error = configError;
            if (error != null) {
                throw error;
            }
            // Just activated: the worker is reading the configuration; the Edge CA comes after it.
            edgeCa.await(FIRST_START_WAIT);
            return settings;
        }
        edgeCa.await(current.serviceTimeout());
        return current;
    }

    /**
     * Events bring a new Edge CA, but EventAdmin may be away (stopped, updated, started after edgepki): a request
     * compares the chain in use with the credential service's (a lookup in memory) and, when they differ, has the
     * edge look again at once.
     */
    private void lookIfEdgeCaChanged() {
        CredentialService credentials = services.credentials.current();
        if (credentials == null) {
            return;
        }
        Optional<List<X509Certificate>> chain = credentials.chainInUse(EDGE_CA);
        if (chain.isPresent() && !chain.get().equals(edgeCa.current())) {
            onWorker(() -> {
                if (active) {
                    nextEstablish.within(Duration.ZERO);
                }
            });
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTrustBundle(TrustBundle service) {
        services.trustBundle.bind(service);
    }

    void unbindTrustBundle(TrustBundle service) {
        services.trustBundle.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCredentials(CredentialService service) {
        services.credentials.bind(service);
    }

    void unbindCredentials(CredentialService service) {
        services.credentials.unbind(service);
    }
}
