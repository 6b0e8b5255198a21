package org.edgepki.credentials.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.key.KeyEvents;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.naming.DeviceNames;
import org.edgepki.common.osgi.TrustedBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The credential service: the one owner of every managed credential, which {@link Renewals} issues, replaces,
 * renews and recovers on one timer. What it tracks: each {@code org.edgepki.credential} configuration
 * ({@link CredentialConfiguration}: the Edge CA, the device identity, EST identities, from config.toml), and
 * every module certificate the certificate store holds, found when the store comes and followed
 * through its events ({@link ManagedCredential#moduleCertificate}); looked for again when an EventAdmin
 * arrives, since certificates stored while none ran came with no event.
 * Registered under its own class: callers get it through {@link AuthorizedCredentialService}.
 */
@Component(service = {RenewalScheduler.class, CredentialRegistry.class, EventHandler.class},
        configurationPid = RenewalScheduler.PID,
        immediate = true, property = {
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_STORED,
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_DELETED,
            EventConstants.EVENT_TOPIC + "=" + KeyEvents.TOPIC_ROUTES_CHANGED
        })
@Designate(ocd = RenewalSchedulerConfig.class)
public final class RenewalScheduler implements CredentialService, CredentialRegistry, EventHandler {
    static final String PID = "org.edgepki.credentials";
    private static final Logger LOG = System.getLogger(RenewalScheduler.class.getName());

    private final RenewalDependencies services = new RenewalDependencies();
    private final Map<String, String> idByPid = new ConcurrentHashMap<>();
    private final Set<String> modules = ConcurrentHashMap.newKeySet();
    private volatile Renewals renewals;
    /** Waits {@link #DEFAULT_EDGE_CA_GRACE} for an Edge CA configuration before the default one is used. */
    private ScheduledExecutorService defaultEdgeCaTimer;
    /** How long a configuration of the Edge CA (config.toml's, say) has to arrive after start before the default. */
    private static final Duration DEFAULT_EDGE_CA_GRACE = Duration.ofSeconds(2);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    private volatile EventAdmin eventAdmin;
    private final TrustedIssuers issuers = new TrustedIssuers(services.issuers);
    private LongFunction<String> bundleNames = id -> null;

    @Activate
    private void activate(BundleContext context, RenewalSchedulerConfig config) {
        bundleNames = id -> {
            Bundle bundle = context.getBundle(id);
            return bundle == null ? null : bundle.getSymbolicName();
        };
        renewals = new Renewals(services, Clock.systemUTC(), this::post);
        modified(config);
        CertificateService certs = services.certs.current();
        if (certs != null) {
            trackModuleCertificates(certs);
        }
        defaultEdgeCaTimer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "edgepki-default-edge-ca");
            thread.setDaemon(true);
            return thread;
        });
        defaultEdgeCaTimer.schedule(this::defaultEdgeCaUnlessConfigured, DEFAULT_EDGE_CA_GRACE.toMillis(),
                TimeUnit.MILLISECONDS);
        defaultEdgeCaTimer.shutdown(); // its one task still runs; then the thread ends
    }

    /**
     * The Edge CA is always managed: without a configuration naming it (no config.toml, as in a bare Karaf or Kura
     * install), it is IoT Edge's default, the quickstart Edge CA.
     */
    private void defaultEdgeCaUnlessConfigured() {
        if (idByPid.containsValue(CredentialIds.EDGE_CA) || edgeCaConfigurationExists()) {
            return;
        }
        LOG.log(Level.INFO, "No configuration names the Edge CA: using the quickstart one (self-signed, not for"
                + " production)");
        renewals.track(ManagedCredential.defaultEdgeCa(DeviceNames.osHostname()));
    }

    private boolean edgeCaConfigurationExists() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return false;
        }
        try {
            return admin.listConfigurations("(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
                    + CredentialConfiguration.FACTORY_PID + ")(credential_id=" + CredentialIds.EDGE_CA + "))") != null;
        } catch (IOException | InvalidSyntaxException e) {
            return false;
        }
    }

    @Modified
    private void modified(RenewalSchedulerConfig config) {
        renewals.expiringWindow(Duration.ofDays(Math.max(1, config.expiring__days())));
        issuers.trust(TrustedBundles.of(config.issuer__bundles()), bundleNames);
    }

    @Deactivate
    private void deactivate() {
        defaultEdgeCaTimer.shutdownNow();
        services.close();
        renewals.close();
    }

    /** A credential configuration was created or changed: look at the credential now, by its new settings. */
    @Override
    public void configured(String pid, ManagedCredential credential) {
        String previous = idByPid.put(pid, credential.id());
        if (previous != null && !previous.equals(credential.id())) {
            renewals.forget(previous);
        }
        modules.remove(credential.id()); // a configuration's policy wins
        renewals.track(credential);
    }

    /**
     * A credential configuration was deleted: the credential is no longer managed; the Edge CA, which always is, goes
     * back to the quickstart one.
     */
    @Override
    public void removed(String pid) {
        String id = idByPid.remove(pid);
        if (CredentialIds.EDGE_CA.equals(id) && !idByPid.containsValue(id)) {
            renewals.track(ManagedCredential.defaultEdgeCa(DeviceNames.osHostname()));
        } else if (id != null) {
            renewals.forget(id);
        }
    }

    /**
     * A certificate was stored or deleted: a module certificate is tracked or forgotten; any other
     * tracked credential is looked at again, since its schedule follows its certificate.
     */
    @Override
    public void handleEvent(Event event) {
        Object certId = event.getProperty(CertificateEvents.CERT_ID);
        Renewals current = renewals;
        if (current == null) {
            return;
        }
        if (KeyEvents.TOPIC_ROUTES_CHANGED.equals(event.getTopic())) {
            // config.toml moved keys (to a PKCS#11 token, say): the credentials whose keys moved are judged again
            boolean all = Boolean.TRUE.equals(event.getProperty(KeyEvents.BASE_CHANGED));
            Set<String> ids = event.getProperty(KeyEvents.KEY_IDS) instanceof String[] changed ? Set.of(changed)
                    : Set.of();
            current.keysMoved(id -> all || ids.contains(id));
            return;
        }
        if (!(certId instanceof String id)) {
            return;
        }
        boolean stored = CertificateEvents.TOPIC_STORED.equals(event.getTopic());
        if (CredentialIds.isModuleCertificate(id)) {
            if (stored && !ownIssuance(current, id, event)) {
                trackModuleCertificate(id);
            } else if (!stored && modules.remove(id)) {
                current.forget(id);
            }
        } else if (stored) {
            // a commit of ours, or a preloaded file of a manual credential that changed
            current.certificateStored(id);
        }
    }

    /**
     * @return whether a store event is of the chain a tracked module has in use: our own issuance, no news (a
     *     rotation stores hundreds at once); any other chain stored under it is looked at
     */
    private boolean ownIssuance(Renewals current, String id, Event event) {
        return modules.contains(id) && event.getProperty(CertificateEvents.SHA256_THUMBPRINT) instanceof String
                thumbprint && current.hasInUse(id, thumbprint);
    }

    /**
     * Brings the tracked module certificates in line with a (new) store: the ones it holds are tracked,
     * the ones it no longer holds are forgotten; later changes come by event.
     */
    private void trackModuleCertificates(CertificateService certs) {
        try {
            Set<String> held = new HashSet<>();
            for (String id : certs.ids()) {
                if (CredentialIds.isModuleCertificate(id)) {
                    held.add(id);
                }
            }
            for (String id : List.copyOf(modules)) {
                if (!held.contains(id) && modules.remove(id)) {
                    renewals.forget(id);
                }
            }
            for (String id : held) {
                if (!modules.contains(id)) {
                    trackModuleCertificate(id);
                }
            }
        } catch (EdgePkiException e) {
            LOG.log(Level.WARNING, "Module certificates are not tracked until they are next stored: {0}",
                    e.getMessage());
        }
    }

    private void trackModuleCertificate(String id) {
        CertificateService certs = services.certs.current();
        if (certs == null || idByPid.containsValue(id)) {
            return;
        }
        try {
            Optional<StoredCertificate> stored = certs.find(id);
            if (stored.isPresent() && !stored.get().preloaded()) {
                modules.add(id);
                renewals.track(ManagedCredential.moduleCertificate(id, stored.get().leaf()));
            }
        } catch (EdgePkiException e) {
            LOG.log(Level.WARNING, "Module certificate {0} is not tracked: {1}", id, e.getMessage());
        }
    }

    @Override
    public List<CredentialStatus> status() {
        return renewals.status();
    }

    @Override
    public Optional<CredentialStatus> status(String credentialId) {
        return renewals.status(credentialId);
    }

    @Override
    public Optional<List<X509Certificate>> chainInUse(String credentialId) {
        return renewals.chainInUse(credentialId);
    }

    @Override
    public List<X509Certificate> issue(CredentialRequest request) throws CredentialException {
        if (!CredentialIds.isModuleCertificate(request.credentialId())
                || idByPid.containsValue(request.credentialId())) {
            // the Edge CA, identities and every configured credential are issued by their settings only
            throw new CredentialException(request.credentialId(), "is not a module certificate id"
                    + " (aziot-edged/module/<module>:server|identity); only those are issued on request", false, null);
        }
        List<X509Certificate> chain = renewals.issueRequested(request);
        modules.add(request.credentialId()); // tracked now: a store event for it is no news
        return chain;
    }

    @Override
    public CredentialStatus renewNow(String credentialId) throws CredentialException {
        return renewals.renewNow(credentialId);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(topic, properties));
        }
    }

    /**
     * Module certificates stored or deleted while no EventAdmin ran came with no event (it may start after
     * edgepki, as start levels allow): the store is looked through again whenever one arrives.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin events) {
        eventAdmin = events;
        CertificateService certs = services.certs.current();
        if (renewals != null && certs != null) {
            trackModuleCertificates(certs);
        }
    }

    void unbindEventAdmin(EventAdmin events) {
        if (eventAdmin == events) {
            eventAdmin = null;
        }
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
        if (renewals != null) {
            trackModuleCertificates(service);
        }
    }

    void unbindCerts(CertificateService service) {
        services.certs.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        issuers.add(issuer, properties);
    }

    void unbindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        issuers.remove(issuer);
    }
}
