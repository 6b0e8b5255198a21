package org.edgepki.common.access;

import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;

/**
 * An issuer as one calling bundle gets it: each request is first authorized by the {@link AccessPolicy}
 * ({@link Operations#issue} of the request's profile, on its certificate id). Each issuer bundle registers
 * a bundle-scoped subclass per issuer, with the issuer's {@code method}.
 */
public abstract class AuthorizedIssuer implements CertificateIssuer {
    private final CertificateIssuer issuer;
    private final AccessPolicy access;
    private final Caller caller;

    /**
     * @param issuer the issuer shared by all callers
     * @param access the policy
     * @param caller the bundle this instance serves
     */
    protected AuthorizedIssuer(CertificateIssuer issuer, AccessPolicy access, Caller caller) {
        this.issuer = issuer;
        this.access = access;
        this.caller = caller;
    }

    @Override
    public final List<X509Certificate> issue(IssuanceRequest request) throws IssuanceException {
        access.check(caller, Operations.issue(request.profile()), request.certId());
        return issuer.issue(request);
    }
}
