package org.edgepki.credentials.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.renewal.RenewalException;
import org.edgepki.api.renewal.RenewalService;
import org.edgepki.api.renewal.RenewalStatus;
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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One scheduler for every credential edgepki issues, renewed by {@link Renewals} on one timer
 * thread that sleeps until the next one is due. What it tracks: each {@code org.edgepki.credential}
 * factory configuration (the Edge CA, the device identity, EST identities, from config.toml), and
 * every module certificate the certificate store holds, found when the store comes and followed
 * through its events ({@link ManagedCredential#moduleCertificate}); looked for again when an EventAdmin
 * arrives, since certificates stored while none ran came with no event.
 */
@Component(service = {RenewalService.class, EventHandler.class}, configurationPid = RenewalScheduler.PID,
        immediate = true, property = {
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_STORED,
            EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_DELETED
        })
@Designate(ocd = RenewalSchedulerConfig.class)
public final class RenewalScheduler implements RenewalService, EventHandler {
    static final String PID = "org.edgepki.credentials";
    static final String CREDENTIAL_FACTORY = "org.edgepki.credential";
    private static final Logger LOG = System.getLogger(RenewalScheduler.class.getName());

    private final RenewalDependencies services = new RenewalDependencies();
    private final Map<String, String> idByPid = new ConcurrentHashMap<>();
    private final Set<String> modules = ConcurrentHashMap.newKeySet();
    private volatile Renewals renewals;
    private ServiceRegistration<ManagedServiceFactory> credentialConfigurations;

    private volatile EventAdmin eventAdmin;

    @Activate
    private void activate(BundleContext context, RenewalSchedulerConfig config) {
        renewals = new Renewals(services, Clock.systemUTC(), this::post);
        modified(config);
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
        CertificateService certs = services.certs.current();
        if (certs != null) {
            trackModuleCertificates(certs);
        }
    }

    @Modified
    private void modified(RenewalSchedulerConfig config) {
        renewals.expiringWindow(Duration.ofDays(Math.max(1, config.expiring__days())));
    }

    @Deactivate
    private void deactivate() {
        credentialConfigurations.unregister();
        services.close();
        renewals.close();
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
            renewals.forget(previous);
        }
        modules.remove(credential.id()); // a configuration's policy wins
        renewals.track(credential);
    }

    /** A credential configuration was deleted: the credential is no longer managed. */
    void deleted(String pid) {
        String id = idByPid.remove(pid);
        if (id != null) {
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
        if (!(certId instanceof String id) || current == null) {
            return;
        }
        boolean stored = CertificateEvents.TOPIC_STORED.equals(event.getTopic());
        if (CredentialIds.isModuleCertificate(id)) {
            if (stored) {
                trackModuleCertificate(id);
            } else if (modules.remove(id)) {
                current.forget(id);
            }
        } else if (stored) {
            // another bundle replaced it (the edge making a new Edge CA after a config.toml edit)
            current.certificateStored(id);
        }
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
    public List<RenewalStatus> status() {
        return renewals.status();
    }

    @Override
    public Optional<RenewalStatus> status(String credentialId) {
        return renewals.status(credentialId);
    }

    @Override
    public RenewalStatus renewNow(String credentialId) throws RenewalException {
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
        services.issuers.bind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }

    void unbindIssuer(CertificateIssuer issuer, Map<String, Object> properties) {
        services.issuers.unbind(String.valueOf(properties.get(CertificateIssuer.METHOD)), issuer);
    }
}
