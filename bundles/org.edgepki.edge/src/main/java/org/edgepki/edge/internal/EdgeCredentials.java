package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;
import static org.edgepki.api.CredentialIds.TRUST_BUNDLE;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyEvents;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadEvents;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.CertificatePem;
import org.edgepki.common.renewal.RetryAfter;
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
 * The device's credentials: establishes the Edge CA (quickstart, manual or issued) and the edgeHub
 * server certificate in the background when activated or reconfigured, and issues module
 * certificates on request. Its dependencies are optional and dynamic, so updating the key store,
 * certificate store or an issuer never restarts this component: requests wait for them a bounded time.
 *
 * <p>It also listens to the certificate store: when the Edge CA or the user trust bundle changes
 * (config.toml switched to preloaded files, or changed them), the setup runs again on the worker
 * thread, once per burst of events.
 */
@Component(service = {WorkloadCertificates.class, EventHandler.class, Check.class},
        configurationPid = EdgeCredentials.PID, immediate = true, property = {
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_STORED,
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_DELETED,
            EventConstants.EVENT_TOPIC + "=" + KeyEvents.TOPIC_ROUTES_CHANGED,
            Check.ID + "=" + EdgeCredentials.SETUP_CHECK
        })
@Designate(ocd = EdgeConfig.class)
public final class EdgeCredentials implements WorkloadCertificates, EventHandler, Check {
    /** The check that reports an Edge CA that could not be set up. */
    static final String SETUP_CHECK = "edge-ca-setup";
    /** How often an Edge CA that cannot be set up (missing or bad files, say) is tried again. */
    static final Duration UNUSABLE_RETRY = Duration.ofSeconds(30);
    static final String PID = "org.edgepki.edge";
    private static final Logger LOG = System.getLogger(EdgeCredentials.class.getName());
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);
    /** The longest an issuer's Retry-After defers the next Edge CA setup. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);
    private static final Duration FIRST_START_WAIT = Duration.ofSeconds(10);
    /** Long enough to gather the events of one configuration change into one run. */
    private static final Duration EVENT_DELAY = Duration.ofMillis(300);

    private final EdgeDependencies services = new EdgeDependencies();
    private final EdgeCaState edgeCa = new EdgeCaState();
    /** The last reason the Edge CA was unusable, said once at ERROR; worker thread only. */
    private String lastUnusable;
    private final EdgeCaSetup edgeCaSetup = new EdgeCaSetup(services);
    private final ModuleCertificates modules = new ModuleCertificates(services);
    private ScheduledExecutorService worker;
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
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(EdgeConfig config) {
        try {
            EdgeSettings next = EdgeSettings.from(config, osHostname());
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
     * Called by EventAdmin: a certificate about the Edge CA or the user trust bundle changed. The
     * decision is made on the worker, after any setup run that stored the chain this is about.
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
        if (!EdgeCaEvents.watched(event)) {
            return;
        }
        onWorker(() -> {
            if (active && EdgeCaEvents.callForSetup(event, edgeCaInUse)) {
                LOG.log(Level.INFO, "{0} changed ({1}); establishing the Edge CA again",
                        event.getProperty(CertificateEvents.CERT_ID) != null
                                ? "Certificate " + event.getProperty(CertificateEvents.CERT_ID) : "Key storage",
                        event.getTopic());
                nextEstablish.within(EVENT_DELAY);
            }
        });
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
        edgeCaInUse = null;
        try {
            EdgeCaSetup.Outcome outcome = edgeCaSetup.ensure(current);
            edgeCa.ready(outcome.chain());
            lastUnusable = null;
            edgeCaInUse = outcome.stored().sha256Thumbprint();
            report(outcome, current);
            publishTrustBundle();
            ModuleCertificates.Reissue reissue = modules.reissueFrom(outcome.chain(), current);
            ensureEdgeHub(current);
            announce(outcome.chain(), reissue);
        } catch (WorkloadException e) {
            if (!active) {
                return; // stopping: the services went away with us, nothing to report
            }
            edgeCa.failed(e);
            if (e.isRetryable()) {
                Duration delay = retryDelay(e);
                LOG.log(Level.WARNING, "Edge CA not ready, trying again in {0} s: {1}", delay.toSeconds(),
                        e.getMessage());
                nextEstablish.within(delay);
            } else {
                // Not retryable as such (missing or invalid files, say), but files appear and get fixed: looked at
                // again every UNUSABLE_RETRY, as well as at once when the configuration or the store changes.
                Level level = e.getMessage().equals(lastUnusable) ? Level.DEBUG : Level.ERROR;
                lastUnusable = e.getMessage();
                LOG.log(level, "Edge CA unusable; nothing was overwritten; trying again in {0} s and when the"
                        + " configuration or the Edge CA files change: {1}", UNUSABLE_RETRY.toSeconds(), e.getMessage());
                nextEstablish.within(UNUSABLE_RETRY);
            }
        } catch (RuntimeException | LinkageError e) {
            // A bug (or a broken bundle) must not vanish in the executor: say it, and try again.
            LOG.log(Level.ERROR, "Setting up the Edge CA failed unexpectedly; trying again in "
                    + RETRY_DELAY.toSeconds() + " s", e);
            edgeCa.failed(new WorkloadException(EDGE_CA, "setting up the Edge CA failed: " + e, true, e));
            nextEstablish.within(RETRY_DELAY);
        }
    }

    /** Check {@value #SETUP_CHECK}: the Edge CA is set up, or why it is not (with the retry that is planned). */
    @Override
    public List<Finding> run() {
        Optional<WorkloadException> failure = edgeCa.failure();
        String fix = "correct what the message names (config.toml [edge_ca], the Edge CA files, the issuer); edgepki"
                + " tries again every " + UNUSABLE_RETRY.toSeconds() + " s at most, and when they change";
        if (failure.isPresent() && edgeCa.current() == null) {
            return List.of(Finding.error(SETUP_CHECK, EDGE_CA, "the Edge CA is not set up: " + failure.get().getMessage(),
                    fix));
        }
        if (failure.isPresent()) {
            return List.of(Finding.warning(SETUP_CHECK, EDGE_CA, "the previous Edge CA stays in use: the configured one"
                    + " could not be set up: " + failure.get().getMessage(), fix));
        }
        return List.of(edgeCa.current() == null
                ? Finding.ok(SETUP_CHECK, EDGE_CA, "the Edge CA is being set up")
                : Finding.ok(SETUP_CHECK, EDGE_CA, "set up"));
    }

    /**
     * The retry delay, or longer when the issuer asked for it (an EST server's Retry-After), but never longer than
     * {@link #LONGEST_RETRY_AFTER}: a server that asks for months must not leave the gateway without an Edge CA.
     */
    static Duration retryDelay(Throwable error) {
        Duration asked = RetryAfter.of(error).filter(wait -> wait.compareTo(RETRY_DELAY) > 0).orElse(RETRY_DELAY);
        return asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
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

    private void report(EdgeCaSetup.Outcome outcome, EdgeSettings current) {
        String kind = switch (current.edgeCaMethod()) {
            case EdgeCaSetup.QUICKSTART -> "quickstart Edge CA (self-signed; not for production)";
            case EdgeCaSetup.MANUAL -> "Edge CA from files";
            default -> "Edge CA issued by " + current.edgeCaMethod();
        };
        LOG.log(Level.INFO, "{0} {1}, {2}, expires {3}: {4}{5}", outcome.created() ? "Created" : "Using", kind,
                outcome.chain().get(0).getSubjectX500Principal().getName(),
                outcome.chain().get(0).getNotAfter().toInstant(), outcome.stored().location().getPath(),
                outcome.replaced() == null ? "" : " (replacing the stored Edge CA: " + outcome.replaced() + ")");
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

    static String osHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        services.issuers.bind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }

    void unbindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        services.issuers.unbind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }
}
