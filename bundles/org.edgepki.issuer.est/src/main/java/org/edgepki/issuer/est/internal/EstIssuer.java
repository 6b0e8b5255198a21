package org.edgepki.issuer.est.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.AwaitedService;
import org.edgepki.common.osgi.ServiceDeadline;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code est} issuer: enrolls certificates at an RFC 7030 EST server ({@link EstEnrollment}).
 * Global settings are {@code [cert_issuance.est]} (this component's configuration); a certificate's
 * own EST settings come in its request ({@link org.edgepki.api.issuer.IssuerEndpoint}), so this
 * issuer reads no other bundle's configuration. Its dependencies are dynamic: updating the stores never restarts it, and updating
 * this bundle never restarts its users.
 * Registered under its own class: callers get it through {@link AuthorizedEstIssuer}.
 */
@Component(service = EstIssuer.class, configurationPid = EstIssuer.PID)
@Designate(ocd = EstIssuerConfig.class)
public final class EstIssuer implements CertificateIssuer {
    /** Configuration PID, also the metatype OCD id. */
    public static final String PID = "org.edgepki.issuer.est";
    /** Value of the {@value CertificateIssuer#METHOD} service property. */
    public static final String METHOD = "est";
    private static final Logger LOG = System.getLogger(EstIssuer.class.getName());

    private final AwaitedService<KeyService> keyService = new AwaitedService<>();
    private final AwaitedService<CertificateService> certificateService = new AwaitedService<>();
    private final Clock clock = Clock.systemUTC();
    private final EstTlsCache tlsCache = new EstTlsCache();
    private volatile EstSettings settings;
    private volatile String configError;
    /** Cuts the connection of an enrollment that runs past its deadline. */
    private ScheduledExecutorService watchdog;

    @Activate
    private void activate(EstIssuerConfig config) {
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "edgepki-est-deadline");
            thread.setDaemon(true);
            return thread;
        });
        apply(config);
    }

    @Modified
    private void modified(EstIssuerConfig config) {
        apply(config);
    }

    /** Requests still waiting for a service fail now, retryably: this instance is going away. */
    @Deactivate
    private void deactivate() {
        keyService.close();
        certificateService.close();
        tlsCache.clear();
        watchdog.shutdownNow();
    }

    private void apply(EstIssuerConfig config) {
        try {
            settings = EstSettings.from(config);
            configError = null;
        } catch (IllegalArgumentException e) {
            // The last good settings stay in force; issuance reports the error while there are none.
            configError = e.getMessage();
            LOG.log(Level.ERROR, "Configuration of {0} rejected, keeping the previous one: {1}", PID, e.getMessage());
        }
    }

    @Override
    public List<X509Certificate> issue(IssuanceRequest request) throws IssuanceException {
        EstSettings current = settings;
        String certId = request.certId();
        if (current == null) {
            throw new IssuanceException(certId, "the EST issuer's configuration (" + PID + ") is invalid: "
                    + configError, false, null);
        }
        ServiceDeadline deadline = new ServiceDeadline(certId, current.serviceTimeout());
        KeyService keys = deadline.await(keyService, "KeyService");
        CertificateService certs = deadline.await(certificateService, "CertificateService");
        EstEndpoint endpoint = current.endpointFor(certId, request.endpoint());
        List<X509Certificate> trusted = List.of();
        if (endpoint.trustedCertsId().isPresent()) {
            try {
                trusted = certs.get(endpoint.trustedCertsId().get()).chain();
            } catch (EdgePkiException e) {
                throw new IssuanceException(certId, "the EST server CAs (trusted_certs) are not readable: "
                        + e.getMessage(), e.isRetryable(), e);
            }
        }
        List<X509Certificate> chain = new EstEnrollment(keys, certs, endpoint, trusted, current, clock, tlsCache,
                new EnrollmentDeadline(current.deadline(), watchdog)).enroll(request);
        LOG.log(Level.INFO, "Enrolled {0} at {1}: {2}, valid until {3}", certId, endpoint.url(),
                chain.get(0).getSubjectX500Principal().getName(), chain.get(0).getNotAfter().toInstant());
        return chain;
    }

    @Reference(name = "keyService", service = KeyService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindKeyService")
    void bindKeyService(KeyService service) {
        keyService.bind(service);
    }

    void unbindKeyService(KeyService service) {
        keyService.unbind(service);
    }

    @Reference(name = "certificateService", service = CertificateService.class,
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindCertificateService")
    void bindCertificateService(CertificateService service) {
        certificateService.bind(service);
    }

    void unbindCertificateService(CertificateService service) {
        certificateService.unbind(service);
    }
}
