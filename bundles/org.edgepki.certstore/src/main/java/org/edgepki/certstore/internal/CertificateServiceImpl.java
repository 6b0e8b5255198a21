package org.edgepki.certstore.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.osgi.AwaitedService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link CertificateService}: OSGi wiring around a {@link CertificateStore}, which it replaces
 * in place when the configuration changes. Key service and EventAdmin are dynamic and optional, so
 * either can be updated without restarting the store.
 *
 * <p>Immediate, so that SCR never disposes an unused instance: a delayed component would be
 * re-created from the current configuration, and a rejected one would then take the service down
 * instead of leaving the last good configuration in force.
 * Registered under its own class: callers get it through {@link AuthorizedCertificateService}.
 */
@Component(service = CertificateServiceImpl.class, configurationPid = CertificateStoreConfig.PID, immediate = true)
@Designate(ocd = CertificateStoreConfig.class)
public final class CertificateServiceImpl implements CertificateService {
    private final AwaitedService<KeyService> keyService = new AwaitedService<>();

    /** Greedy: a replacement EventAdmin is used as soon as it comes, not when the old one goes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile CertificateStore store;

    @Activate
    private void activate(BundleContext context, CertificateStoreConfig config) {
        store = new CertificateStore(StoreSettings.of(config, context::getProperty), keyService,
                () -> eventAdmin);
    }

    /**
     * Validates the new configuration before anything changes: if it is rejected the exception
     * reaches SCR, which logs it, and the previous store stays in force. Once the new store is in
     * force, listeners hear about every preloaded id that was added, removed or changed, so that
     * the Edge CA and the trust bundle are established anew without a restart.
     */
    @Modified
    private void modified(BundleContext context, CertificateStoreConfig config) throws CertificateStoreException {
        StoreSettings settings = StoreSettings.of(config, context::getProperty);
        CertificateStore previous = current();
        CertificateStore next = previous.withSettings(settings);
        store = next;
        next.announcePreloadedChanges(previous);
    }

    @Deactivate
    private void deactivate() {
        keyService.close();
        store = null;
    }

    @Reference(service = KeyService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private void bindKeyService(KeyService service) {
        keyService.bind(service);
    }

    private void unbindKeyService(KeyService service) {
        keyService.unbind(service);
    }

    @Override
    public Optional<StoredCertificate> find(String certId) throws CertificateStoreException {
        return current().find(certId);
    }

    @Override
    public StoredCertificate get(String certId) throws CertificateStoreException {
        return current().get(certId);
    }

    @Override
    public StoredCertificate store(String certId, List<X509Certificate> chain) throws CertificateStoreException {
        return current().store(certId, chain);
    }

    @Override
    public StoredCertificate importFile(String certId, Path file, char[] password) throws CertificateStoreException {
        return current().importFile(certId, file, password);
    }

    @Override
    public void delete(String certId) throws CertificateStoreException {
        current().delete(certId);
    }

    @Override
    public void move(String fromCertId, String toCertId) throws CertificateStoreException {
        current().move(fromCertId, toCertId);
    }

    @Override
    public List<String> ids() throws CertificateStoreException {
        return current().ids();
    }

    /** A caller holding the service while the component stops gets a retryable error. */
    private CertificateStore current() throws CertificateStoreException {
        CertificateStore current = store;
        if (current == null) {
            throw new CertificateStoreException(CertificateStoreConfig.PID, "the certificate service is stopped",
                    true, null);
        }
        return current;
    }
}
