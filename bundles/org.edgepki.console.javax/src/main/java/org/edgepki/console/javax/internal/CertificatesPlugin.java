package org.edgepki.console.javax.internal;

import javax.servlet.Servlet;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.key.KeyService;
import org.edgepki.console.pages.CertificateSources;
import org.edgepki.console.pages.CertificatesPage;
import org.edgepki.console.pages.PageRequest;
import org.edgepki.console.pages.PageResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The Certificates page as a Web Console 4 plugin (javax.servlet, as on Kura): {@code /system/console/edgepki-certificates}. */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + CertificatesPage.LABEL,
    "felix.webconsole.title=" + CertificatesPage.TITLE,
    "felix.webconsole.category=" + CertificatesPage.CATEGORY
})
public final class CertificatesPlugin extends PageServlet {
    private static final long serialVersionUID = 1L;
    private final transient CertificatesPage page = new CertificatesPage();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CertificateService certificates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile KeyService keys;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CredentialService renewals;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile TrustBundle trustBundle;

    /** Used by DS. */
    public CertificatesPlugin() {
        super(CertificatesPage.LABEL);
    }

    @Override
    PageResponse answer(PageRequest request) {
        return page.handle(request, new CertificateSources(certificates, keys, renewals, trustBundle));
    }
}
