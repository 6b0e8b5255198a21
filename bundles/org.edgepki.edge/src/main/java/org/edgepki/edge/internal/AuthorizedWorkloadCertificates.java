package org.edgepki.edge.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.osgi.Callers;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link WorkloadCertificates} as one calling bundle gets it: a module's server or identity
 * certificate is handed out only if the {@link AccessPolicy} grants it to that bundle (a bundle the
 * policy maps to the module is); the Edge CA chain, which is public, to anyone.
 */
@Component(service = WorkloadCertificates.class, scope = ServiceScope.BUNDLE)
public final class AuthorizedWorkloadCertificates implements WorkloadCertificates {
    private final EdgeCredentials workload;
    private final AccessPolicy access;
    private final Caller caller;

    /**
     * @param workload the workload service shared by all callers
     * @param access the policy
     * @param context names the calling bundle
     */
    @Activate
    public AuthorizedWorkloadCertificates(@Reference EdgeCredentials workload, @Reference AccessPolicy access,
            ComponentContext context) {
        this.workload = workload;
        this.access = access;
        this.caller = Callers.of(context);
    }

    @Override
    public WorkloadCredential serverCertificate(String moduleId, String commonName,
            List<SubjectAltName> subjectAltNames) throws WorkloadException {
        access.check(caller, Operations.WORKLOAD_SERVER, moduleId);
        return workload.serverCertificate(moduleId, commonName, subjectAltNames);
    }

    @Override
    public WorkloadCredential identityCertificate(String moduleId) throws WorkloadException {
        access.check(caller, Operations.WORKLOAD_IDENTITY, moduleId);
        return workload.identityCertificate(moduleId);
    }

    @Override
    public List<X509Certificate> edgeCaChain() throws WorkloadException {
        return workload.edgeCaChain();
    }
}
