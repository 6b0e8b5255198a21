package org.edgepki.issuer.local.internal;

import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.common.access.AuthorizedIssuer;
import org.edgepki.common.osgi.Callers;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** The {@code self_signed} issuer as one calling bundle gets it, authorized per request. */
@Component(service = CertificateIssuer.class, scope = ServiceScope.BUNDLE,
        property = CertificateIssuer.METHOD + "=" + SelfSignedIssuer.METHOD)
public final class AuthorizedSelfSignedIssuer extends AuthorizedIssuer {

    /**
     * @param issuer the issuer shared by all callers
     * @param access the policy
     * @param context names the calling bundle
     */
    @Activate
    public AuthorizedSelfSignedIssuer(@Reference SelfSignedIssuer issuer, @Reference AccessPolicy access,
            ComponentContext context) {
        super(issuer, access, Callers.of(context));
    }
}
