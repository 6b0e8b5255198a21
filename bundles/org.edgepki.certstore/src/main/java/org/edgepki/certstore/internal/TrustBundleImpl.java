package org.edgepki.certstore.internal;

import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.cert.TrustBundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link TrustBundle}: the user trust bundle followed by the Edge CA chain, each certificate
 * once (compared by DER), order kept. It is computed on every call, so a replaced Edge CA or trust
 * file shows at once. The certificate service comes from this same bundle, so a static reference
 * (constructor injection, DS 1.4) is enough; it is the shared one, which needs no authorization to read.
 */
@Component(service = TrustBundle.class)
public final class TrustBundleImpl implements TrustBundle {
    private final CertificateService certificates;

    /** @param certificates the certificate store */
    @Activate
    public TrustBundleImpl(@Reference(name = "CertificateService", service = CertificateServiceImpl.class)
            CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public List<X509Certificate> certificates() throws CertificateStoreException {
        List<X509Certificate> bundle = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        for (String certId : List.of(CredentialIds.USER_TRUST_BUNDLE, CredentialIds.EDGE_CA)) {
            Optional<StoredCertificate> stored = certificates.find(certId);
            if (stored.isEmpty()) {
                continue;
            }
            for (X509Certificate certificate : stored.get().chain()) {
                if (seen.add(ByteBuffer.wrap(derOf(certId, certificate)))) {
                    bundle.add(certificate);
                }
            }
        }
        return List.copyOf(bundle);
    }

    private static byte[] derOf(String certId, X509Certificate certificate) throws CertificateStoreException {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CertificateStoreException(certId, "holds a certificate that cannot be encoded", false, e);
        }
    }
}
