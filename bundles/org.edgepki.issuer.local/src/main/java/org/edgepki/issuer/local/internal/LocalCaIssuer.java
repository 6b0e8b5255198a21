package org.edgepki.issuer.local.internal;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.KeyServiceContentSigner;
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
 * The {@code local_ca} issuer: signs with a CA whose chain the certificate service and whose key
 * the key service hold under one issuer id, the request's or else the configured one.
 * Registered under its own class: callers get it through {@link AuthorizedLocalCaIssuer}.
 */
@Component(service = LocalCaIssuer.class, configurationPid = LocalCaIssuer.PID)
@Designate(ocd = LocalCaIssuerConfig.class)
public final class LocalCaIssuer implements CertificateIssuer {
    /** Configuration PID, also the metatype OCD id. */
    public static final String PID = "org.edgepki.issuer.local.localca";
    /** Value of the {@value CertificateIssuer#METHOD} service property. */
    public static final String METHOD = "local_ca";

    private final AwaitedService<KeyService> keyService = new AwaitedService<>();
    private final AwaitedService<CertificateService> certificateService = new AwaitedService<>();
    private final CsrVerifier csrVerifier = new CsrVerifier();
    private final Clock clock = Clock.systemUTC();
    private final CertificateMinter minter = new CertificateMinter(clock, new SecureRandom());
    private volatile Settings settings;

    /** Configuration read once per change, so one issuance sees one consistent version. */
    private record Settings(String issuerId, Duration serviceTimeout) {
    }

    @Activate
    private void activate(LocalCaIssuerConfig config) {
        apply(config);
    }

    /** Requests still waiting for a service fail now, retryably: this instance is going away. */
    @Deactivate
    private void deactivate() {
        keyService.close();
        certificateService.close();
    }

    @Modified
    private void modified(LocalCaIssuerConfig config) {
        apply(config);
    }

    private void apply(LocalCaIssuerConfig config) {
        String issuerId = config.issuer__id() == null ? "" : config.issuer__id().strip();
        settings = new Settings(issuerId, Duration.ofSeconds(Math.max(0, config.service__timeout__seconds())));
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

    @Override
    public List<X509Certificate> issue(IssuanceRequest request) throws IssuanceException {
        Settings current = settings;
        String certId = request.certId();
        String issuerId = request.issuerId() != null ? request.issuerId() : current.issuerId();
        if (issuerId.isBlank()) {
            throw new IssuanceException(certId, "no issuer id: the request names none and issuer_id is not configured");
        }
        VerifiedCsr csr = csrVerifier.verify(certId, request.csr());
        ServiceDeadline deadline = new ServiceDeadline(certId, current.serviceTimeout());
        KeyService keys = deadline.await(keyService, "KeyService");
        CertificateService certificates = deadline.await(certificateService, "CertificateService");

        StoredCertificate issuerChain = issuerChain(certificates, certId, issuerId);
        KeyPairInfo issuerKey = issuerKey(keys, certId, issuerId);
        X509Certificate ca = issuerChain.leaf();
        IssuingCaRules.check(certId, issuerId, ca, issuerKey.publicKey(), request.profile(), clock.instant());

        X509Certificate issued = minter.mint(request, csr, ca, new KeyServiceContentSigner(keys, issuerKey));
        List<X509Certificate> chain = new ArrayList<>(issuerChain.chain().size() + 1);
        chain.add(issued);
        chain.addAll(issuerChain.chain());
        return List.copyOf(chain);
    }

    private static StoredCertificate issuerChain(CertificateService certificates, String certId, String issuerId)
            throws IssuanceException {
        try {
            return certificates.get(issuerId);
        } catch (CertificateStoreException e) {
            throw new IssuanceException(certId,
                    "issuer '" + issuerId + "' has no usable certificate: " + e.getMessage(), e.isRetryable(), e);
        }
    }

    private static KeyPairInfo issuerKey(KeyService keys, String certId, String issuerId) throws IssuanceException {
        try {
            return keys.get(issuerId);
        } catch (KeyException e) {
            throw new IssuanceException(certId,
                    "issuer '" + issuerId + "' has no usable key: " + e.getMessage(), e.isRetryable(), e);
        }
    }
}
