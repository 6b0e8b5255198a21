package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialRequest;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.RenewalTemplate;
import org.edgepki.common.naming.DeviceNames;

/**
 * Module server and identity certificates, issued from the Edge CA by the {@code local_ca} issuer through
 * the credential service, which writes them and renews them from then on: the edge asks, it never writes.
 * Requests for the same certificate id are serialised.
 */
final class ModuleCertificates {
    private static final String LOCAL_CA = "local_ca";
    private static final Pattern MODULE_ID = Pattern.compile("[A-Za-z0-9$._-]{1,128}");

    private final EdgeDependencies services;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    ModuleCertificates(EdgeDependencies services) {
        this.services = services;
    }

    WorkloadCredential issue(String moduleId, String commonName, CertificateProfile profile,
            List<SubjectAltName> subjectAltNames, EdgeSettings settings) throws WorkloadException {
        requireModuleId(moduleId);
        if (commonName == null || commonName.isBlank() || commonName.length() > DeviceNames.MAX_COMMON_NAME) {
            throw new WorkloadException(moduleId, "the common name must have 1 to 64 characters", false, null);
        }
        String certId = profile == CertificateProfile.SERVER
                ? CredentialIds.moduleServer(moduleId) : CredentialIds.moduleIdentity(moduleId);
        synchronized (locks.computeIfAbsent(certId, id -> new Object())) {
            return new WorkloadCredential(certId, certId, request(certId, commonName, profile, subjectAltNames,
                    settings));
        }
    }

    /** Has the credential service issue (or issue again) a module certificate from the Edge CA, with its key kept. */
    private List<X509Certificate> request(String certId, String commonName, CertificateProfile profile,
            List<SubjectAltName> subjectAltNames, EdgeSettings settings) throws WorkloadException {
        try {
            return services.credentials().issue(new CredentialRequest(certId, commonName, profile, subjectAltNames,
                    settings.moduleValidity(), LOCAL_CA, EDGE_CA, settings.moduleKeyPreference()));
        } catch (WorkloadException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        }
    }

    /**
     * What issuing module certificates again from a new Edge CA did.
     *
     * @param reissued the ids issued again
     * @param failed the ids that could not be, each followed by why
     * @param retryable whether a failure may go away (an issuer or store updating)
     */
    record Reissue(List<String> reissued, List<String> failed, boolean retryable) {
    }

    /**
     * Issues again, from {@code edgeCaChain}, every stored module certificate that another Edge CA
     * issued: the same key, subject, names and purpose; the module validity of the settings. The
     * certificates are issued at once on {@code threads} (a gateway re-issues them all when its Edge CA
     * rotates, and each waits on its own file sync); this returns when every one is done or failed.
     *
     * @throws WorkloadException when the store cannot be read, or the caller is interrupted (those not
     *     issued yet are then given up, and those being issued finish)
     */
    Reissue reissueFrom(List<X509Certificate> edgeCaChain, EdgeSettings settings, ExecutorService threads)
            throws WorkloadException {
        List<String> reissued = Collections.synchronizedList(new ArrayList<>());
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean retryable = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        try {
            CertificateService certs = services.certs();
            for (String certId : certs.ids()) {
                if (CredentialIds.isModuleCertificate(certId)) {
                    running.add(threads.submit(() -> {
                        try {
                            if (reissue(certs, certId, edgeCaChain, settings)) {
                                reissued.add(certId);
                            }
                        } catch (EdgePkiException e) {
                            failed.add(certId + ": " + e.getMessage());
                            if (e.isRetryable()) {
                                retryable.set(true);
                            }
                        }
                    }));
                }
            }
            for (Future<?> each : running) {
                each.get();
            }
        } catch (WorkloadException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkloadException(EDGE_CA, "stopped while issuing module certificates again", true, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("issuing a module certificate again failed unexpectedly", e.getCause());
        } finally {
            running.forEach(each -> each.cancel(false));
        }
        // every task is done: the lists are no longer written
        return new Reissue(reissued.stream().sorted().toList(), failed.stream().sorted().toList(), retryable.get());
    }

    /** @return whether the module certificate was issued again (false: it is gone, preloaded, or already the chain's) */
    private boolean reissue(CertificateService certs, String certId, List<X509Certificate> edgeCaChain,
            EdgeSettings settings) throws EdgePkiException {
        synchronized (locks.computeIfAbsent(certId, id -> new Object())) {
            Optional<StoredCertificate> stored = certs.find(certId);
            if (stored.isEmpty() || stored.get().preloaded()
                    || IssuedBy.issuedBy(stored.get().leaf(), edgeCaChain.get(0))) {
                return false;
            }
            X509Certificate leaf = stored.get().leaf();
            RenewalTemplate template = RenewalTemplate.of(leaf);
            request(certId, EdgeCaValidation.commonName(leaf), template.profile(), template.subjectAltNames(),
                    settings);
            return true;
        }
    }

    /** @return whether the module certificate stored under this id was issued by another CA than the chain's */
    boolean issuedByAnotherCa(String certId, List<X509Certificate> edgeCaChain) {
        try {
            Optional<StoredCertificate> stored = services.certs().find(certId);
            return stored.isPresent() && !stored.get().preloaded()
                    && !IssuedBy.issuedBy(stored.get().leaf(), edgeCaChain.get(0));
        } catch (EdgePkiException e) {
            return false; // unreadable now: the next Edge CA setup looks at it again
        }
    }

    /**
     * The edgeHub server certificate kept from an earlier start, if it is still right: issued by
     * the current Edge CA for this hostname, valid now, and matching its key (its renewal is the
     * credential service's).
     */
    Optional<WorkloadCredential> reusableServerCertificate(String moduleId, String hostname,
            List<X509Certificate> edgeCaChain) throws WorkloadException {
        String certId = CredentialIds.moduleServer(moduleId);
        try {
            CertificateService certs = services.certs();
            Optional<StoredCertificate> stored = certs.find(certId);
            Optional<KeyPairInfo> key = services.keys().find(certId);
            if (stored.isEmpty() || key.isEmpty()) {
                return Optional.empty();
            }
            X509Certificate leaf = stored.get().leaf();
            boolean fits = hostname.equalsIgnoreCase(EdgeCaValidation.commonName(leaf))
                    && PublicKeyMatch.sameKey(leaf.getPublicKey(), key.get().publicKey())
                    && IssuedBy.issuedBy(leaf, edgeCaChain.get(0))
                    && validNow(leaf, Instant.now());
            return fits ? Optional.of(new WorkloadCredential(certId, certId, stored.get().chain())) : Optional.empty();
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        }
    }

    static List<SubjectAltName> serverNames(String hostname, String moduleId) {
        List<SubjectAltName> names = new ArrayList<>();
        names.add(new SubjectAltName(EdgeSettings.isIpAddress(hostname) ? SubjectAltName.Type.IP
                : SubjectAltName.Type.DNS, hostname));
        if (!moduleId.equalsIgnoreCase(hostname) && moduleId.matches("[A-Za-z0-9-]{1,63}")) {
            names.add(new SubjectAltName(SubjectAltName.Type.DNS, moduleId));
        }
        return names;
    }

    /**
     * Whether it may be kept now. When it is renewed is not decided here: the credential service tracks every module
     * certificate and renews it by its one schedule (at 80 % of its lifetime), so a certificate past that point at
     * start is renewed there, not issued again here.
     */
    private static boolean validNow(X509Certificate leaf, Instant now) {
        return !now.isBefore(leaf.getNotBefore().toInstant()) && now.isBefore(leaf.getNotAfter().toInstant());
    }

    private static void requireModuleId(String moduleId) throws WorkloadException {
        if (moduleId == null || !MODULE_ID.matcher(moduleId).matches()) {
            throw new WorkloadException(String.valueOf(moduleId),
                    "a module id has 1 to 128 letters, digits or the characters $ . _ -", false, null);
        }
    }
}
