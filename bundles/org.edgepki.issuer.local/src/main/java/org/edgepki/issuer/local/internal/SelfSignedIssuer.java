package org.edgepki.issuer.local.internal;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.KeyServiceContentSigner;
import org.edgepki.common.crypto.PublicKeyMatch;
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
 * The {@code self_signed} issuer, which makes the quickstart Edge CA: the certificate names the
 * CSR's subject and is signed by the subject's own key ({@code request.keyId()}) through the key
 * service. {@code request.issuerId()} is not used.
 * Registered under its own class: callers get it through {@link AuthorizedSelfSignedIssuer}.
 */
@Component(service = SelfSignedIssuer.class, configurationPid = SelfSignedIssuer.PID)
@Designate(ocd = SelfSignedIssuerConfig.class)
public final class SelfSignedIssuer implements CertificateIssuer {
    /** Configuration PID, also the metatype OCD id. */
    public static final String PID = "org.edgepki.issuer.local.selfsigned";
    /** Value of the {@value CertificateIssuer#METHOD} service property. */
    public static final String METHOD = "self_signed";

    private final AwaitedService<KeyService> keyService = new AwaitedService<>();
    private final CsrVerifier csrVerifier = new CsrVerifier();
    private final CertificateMinter minter = new CertificateMinter(Clock.systemUTC(), new SecureRandom());
    private volatile Duration serviceTimeout;

    @Activate
    private void activate(SelfSignedIssuerConfig config) {
        apply(config);
    }

    /** Requests still waiting for a service fail now, retryably: this instance is going away. */
    @Deactivate
    private void deactivate() {
        keyService.close();
    }

    @Modified
    private void modified(SelfSignedIssuerConfig config) {
        apply(config);
    }

    private void apply(SelfSignedIssuerConfig config) {
        serviceTimeout = Duration.ofSeconds(Math.max(0, config.service__timeout__seconds()));
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

    @Override
    public List<X509Certificate> issue(IssuanceRequest request) throws IssuanceException {
        String certId = request.certId();
        VerifiedCsr csr = csrVerifier.verify(certId, request.csr());
        KeyService keys = new ServiceDeadline(certId, serviceTimeout).await(keyService, "KeyService");
        KeyPairInfo subjectKey = subjectKey(keys, request);
        if (!PublicKeyMatch.sameKey(csr.publicKey(), subjectKey.publicKey())) {
            throw new IssuanceException(certId,
                    "the CSR's public key is not the public key of key '" + request.keyId() + "' that would sign it");
        }
        return List.of(minter.mint(request, csr, null, new KeyServiceContentSigner(keys, subjectKey)));
    }

    private static KeyPairInfo subjectKey(KeyService keys, IssuanceRequest request) throws IssuanceException {
        try {
            return keys.get(request.keyId());
        } catch (KeyException e) {
            throw new IssuanceException(request.certId(),
                    "the subject key '" + request.keyId() + "' cannot be used: " + e.getMessage(), e.isRetryable(), e);
        }
    }
}
