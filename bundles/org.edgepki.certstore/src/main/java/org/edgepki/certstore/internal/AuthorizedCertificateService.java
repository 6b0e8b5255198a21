package org.edgepki.certstore.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.common.osgi.Callers;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link CertificateService} as one calling bundle gets it: each change to the store is first
 * authorized by the {@link AccessPolicy} for that bundle; reading certificates, which are public, is not.
 */
@Component(service = CertificateService.class, scope = ServiceScope.BUNDLE)
public final class AuthorizedCertificateService implements CertificateService {
    private final CertificateServiceImpl certificates;
    private final AccessPolicy access;
    private final Caller caller;

    /**
     * @param certificates the certificate service shared by all callers
     * @param access the policy
     * @param context names the calling bundle
     */
    @Activate
    public AuthorizedCertificateService(@Reference CertificateServiceImpl certificates, @Reference AccessPolicy access,
            ComponentContext context) {
        this.certificates = certificates;
        this.access = access;
        this.caller = Callers.of(context);
    }

    @Override
    public Optional<StoredCertificate> find(String certId) throws CertificateStoreException {
        return certificates.find(certId);
    }

    @Override
    public StoredCertificate get(String certId) throws CertificateStoreException {
        return certificates.get(certId);
    }

    @Override
    public StoredCertificate store(String certId, List<X509Certificate> chain) throws CertificateStoreException {
        access.check(caller, Operations.CERT_STORE, certId);
        return certificates.store(certId, chain);
    }

    @Override
    public StoredCertificate importFile(String certId, Path file, char[] password) throws CertificateStoreException {
        access.check(caller, Operations.CERT_IMPORT, certId);
        return certificates.importFile(certId, file, password);
    }

    @Override
    public void delete(String certId) throws CertificateStoreException {
        access.check(caller, Operations.CERT_DELETE, certId);
        certificates.delete(certId);
    }

    @Override
    public void move(String fromCertId, String toCertId) throws CertificateStoreException {
        access.check(caller, Operations.CERT_MOVE, fromCertId);
        access.check(caller, Operations.CERT_MOVE, toCertId);
        certificates.move(fromCertId, toCertId);
    }

    @Override
    public List<String> ids() throws CertificateStoreException {
        return certificates.ids();
    }
}
