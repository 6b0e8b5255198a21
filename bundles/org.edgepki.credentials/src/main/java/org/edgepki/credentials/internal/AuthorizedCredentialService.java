package org.edgepki.credentials.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.common.osgi.Callers;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link CredentialService} as one calling bundle gets it: issuing a credential (by its profile) and
 * renewing one are first authorized by the {@link AccessPolicy} for that bundle; statuses and the
 * certificates in use, which are public, are not.
 */
@Component(service = CredentialService.class, scope = ServiceScope.BUNDLE)
public final class AuthorizedCredentialService implements CredentialService {
    private final RenewalScheduler credentials;
    private final AccessPolicy access;
    private final Caller caller;

    /**
     * @param credentials the credential service shared by all callers
     * @param access the policy
     * @param context names the calling bundle
     */
    @Activate
    public AuthorizedCredentialService(@Reference RenewalScheduler credentials, @Reference AccessPolicy access,
            ComponentContext context) {
        this.credentials = credentials;
        this.access = access;
        this.caller = Callers.of(context);
    }

    @Override
    public List<CredentialStatus> status() {
        return credentials.status();
    }

    @Override
    public Optional<CredentialStatus> status(String credentialId) {
        return credentials.status(credentialId);
    }

    @Override
    public Optional<List<X509Certificate>> chainInUse(String credentialId) {
        return credentials.chainInUse(credentialId);
    }

    @Override
    public List<X509Certificate> issue(CredentialRequest request) throws CredentialException {
        access.check(caller, Operations.credentialIssue(request.profile()), request.credentialId());
        return credentials.issue(request);
    }

    @Override
    public CredentialStatus renewNow(String credentialId) throws CredentialException {
        access.check(caller, Operations.CREDENTIAL_RENEW, credentialId);
        return credentials.renewNow(credentialId);
    }
}
