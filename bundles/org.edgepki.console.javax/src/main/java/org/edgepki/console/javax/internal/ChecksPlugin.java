package org.edgepki.console.javax.internal;

import javax.servlet.Servlet;
import org.edgepki.api.check.CheckService;
import org.edgepki.console.pages.CertificatesPage;
import org.edgepki.console.pages.ChecksPage;
import org.edgepki.console.pages.PageRequest;
import org.edgepki.console.pages.PageResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The Checks page as a Web Console 4 plugin (javax.servlet, as on Kura): {@code /system/console/edgepki-checks}. */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + ChecksPage.LABEL,
    "felix.webconsole.title=" + ChecksPage.TITLE,
    "felix.webconsole.category=" + CertificatesPage.CATEGORY
})
public final class ChecksPlugin extends PageServlet {
    private static final long serialVersionUID = 1L;
    private final transient ChecksPage page = new ChecksPage();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CheckService checks;

    /** Used by DS. */
    public ChecksPlugin() {
        super(ChecksPage.LABEL);
    }

    @Override
    PageResponse answer(PageRequest request) {
        return page.handle(request, checks);
    }
}
