package org.edgepki.issuer.est.internal;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Check {@value #ID}: every EST server a managed credential (the credential service's status) would be
 * enrolled at answers {@code /cacerts}
 * over TLS whose chain is trusted ({@code trusted_certs}, else the system roots) and whose host
 * name matches. {@code /cacerts} needs no authentication (RFC 7030 4.1.1), so no credential is sent.
 */
@Component(service = Check.class, configurationPid = EstIssuer.PID, property = {
    Check.ID + "=" + EstServerCheck.ID, Check.REACHES_OUT + ":Boolean=true"
})
public final class EstServerCheck implements Check {
    static final String ID = "est-server";

    private final EstTlsCache tls = new EstTlsCache();
    private final Clock clock = Clock.systemUTC();
    private volatile EstSettings settings;
    private volatile String configError;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CertificateService certificates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialService credentials;

    @Activate
    @Modified
    void configure(EstIssuerConfig config) {
        try {
            settings = EstSettings.from(config);
            configError = null;
        } catch (IllegalArgumentException e) {
            configError = e.getMessage();
        }
        tls.clear();
    }

    @Override
    public List<Finding> run() {
        CredentialService service = credentials;
        if (service == null) {
            throw new IllegalStateException("the credential service (org.edgepki.credentials) is not running");
        }
        Map<String, IssuerEndpoint> estCredentials = new TreeMap<>();
        for (CredentialStatus status : service.status()) {
            if (EstIssuer.METHOD.equals(status.method())) {
                // only the URL matters here: /cacerts is asked without credentials
                estCredentials.put(status.credentialId(), new IssuerEndpoint(status.issuerUrl(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()));
            }
        }
        if (estCredentials.isEmpty()) {
            return List.of();
        }
        if (configError != null) {
            return List.of(Finding.error(ID, EstIssuer.PID, configError, "correct [cert_issuance.est] in config.toml"));
        }
        Map<URI, EstEndpoint> servers = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        estCredentials.forEach((certId, own) -> {
            try {
                EstEndpoint endpoint = settings.endpointFor(certId, own);
                servers.putIfAbsent(endpoint.url(), endpoint);
            } catch (IssuanceException e) {
                findings.add(Finding.error(ID, certId, e.getMessage(), "set the EST URL in config.toml"));
            }
        });
        servers.values().forEach(endpoint -> findings.add(probe(endpoint)));
        return findings;
    }

    private Finding probe(EstEndpoint endpoint) {
        String server = endpoint.url().toString();
        try {
            List<X509Certificate> trusted = List.of();
            Optional<String> trustedId = endpoint.trustedCertsId();
            if (trustedId.isPresent()) {
                CertificateService store = certificates;
                if (store == null) {
                    throw new IllegalStateException("the certificate store is not running");
                }
                trusted = store.get(trustedId.get()).chain();
            }
            List<X509Certificate> cas = new EstClient(endpoint.url(), tls.socketFactory(trusted, null), null, null,
                    settings.timeout(), new EnrollmentDeadline(settings.timeout(), null), clock).caCerts();
            return Finding.ok(ID, server, "reachable with a trusted TLS chain; /cacerts sent " + cas.size()
                    + " CA certificate(s)");
        } catch (EdgePkiException e) {
            return Finding.error(ID, server, e.getMessage(), "check the URL and the network; the server's TLS"
                    + " certificate must chain to [cert_issuance.est] trusted_certs (or a system root) and name its host");
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return Finding.error(ID, server, "the TLS settings could not be made: " + e.getMessage(),
                    "check the certificates [cert_issuance.est] trusted_certs names");
        }
    }
}
