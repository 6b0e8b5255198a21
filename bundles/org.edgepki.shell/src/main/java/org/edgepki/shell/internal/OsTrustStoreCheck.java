package org.edgepki.shell.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Check {@value #ID}: the host's OS trust store holds the root of the Edge CA chain, as the product documentation
 * asks. Missing is a warning, never an error: edgepki and its modules work without it, only host programs cannot
 * verify edgeHub. Where there is no OS bundle file the OS store is unknown, and the finding says so (OK).
 */
@Component(service = Check.class, property = Check.ID + "=" + OsTrustStoreCheck.ID)
public final class OsTrustStoreCheck implements Check {
    static final String ID = "os-trust-store";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CertificateService certificates;
    private volatile OsTrustStore store;

    @Activate
    void activate(BundleContext context) {
        store = OsTrustStore.of(context::getProperty);
    }

    @Override
    public List<Finding> run() throws EdgePkiException {
        CertificateService service = certificates;
        if (service == null) {
            throw new IllegalStateException("the certificate store (bundle org.edgepki.certstore) is not running");
        }
        return findings(store, service.find(CredentialIds.EDGE_CA).map(StoredCertificate::chain));
    }

    /**
     * @param store the OS trust store
     * @param edgeCaChain the Edge CA chain, leaf first; empty when there is no Edge CA yet (nothing to check:
     *     the {@code trust-bundle-root} check reports that)
     * @return the findings
     */
    static List<Finding> findings(OsTrustStore store, Optional<List<X509Certificate>> edgeCaChain) {
        Optional<List<X509Certificate>> osBundle;
        try {
            osBundle = store.osBundle();
        } catch (IOException e) {
            return List.of(Finding.warning(ID, store.bundleFile().toString(), "the OS trust store cannot be read: "
                    + e.getMessage(), "repair it: as root, update-ca-certificates --fresh rebuilds it"));
        }
        if (osBundle.isEmpty()) {
            return List.of(Finding.ok(ID, store.bundleFile().toString(), "the OS trust store is unknown (no "
                    + store.bundleFile() + "): not checked; install the Edge CA chain's root as the OS documents it"));
        }
        if (edgeCaChain.isEmpty()) {
            return List.of();
        }
        List<X509Certificate> chain = edgeCaChain.get();
        X509Certificate last = chain.get(chain.size() - 1);
        if (OsTrustStore.holdsRootOf(osBundle.get(), chain)) {
            return List.of(Finding.ok(ID, CredentialIds.EDGE_CA, "the OS trust store (" + store.bundleFile()
                    + ") holds the root of the Edge CA chain"));
        }
        return List.of(Finding.warning(ID, CredentialIds.EDGE_CA, "the OS trust store (" + store.bundleFile()
                + ") does not hold the root of the Edge CA chain (" + last.getIssuerX500Principal().getName()
                + "): programs on the host cannot verify edgeHub", store.unknownReason().orElse(
                        "run edgepki:trust install as root: it writes the trust bundle's roots to " + store.anchorDir()
                                + " and runs update-ca-certificates")));
    }
}
