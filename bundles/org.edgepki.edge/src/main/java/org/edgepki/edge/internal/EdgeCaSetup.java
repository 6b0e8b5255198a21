package org.edgepki.edge.internal;

import static org.edgepki.api.CredentialIds.EDGE_CA;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.CertificationRequests;
import org.edgepki.common.renewal.InterruptedRenewal;

/**
 * Makes sure the Edge CA exists and may be used: a manual (preloaded) Edge CA is validated and
 * never written; a quickstart or issued Edge CA is reused while it is usable and still what the
 * settings ask for ({@link EdgeCaReuse}), and otherwise made anew — new key, CSR, issuance, then the
 * chain is stored.
 */
final class EdgeCaSetup {
    static final String QUICKSTART = "quickstart";
    static final String MANUAL = "manual";
    static final String SELF_SIGNED = "self_signed";

    private static final Logger LOG = System.getLogger(EdgeCaSetup.class.getName());

    private final EdgeDependencies services;

    EdgeCaSetup(EdgeDependencies services) {
        this.services = services;
    }

    /**
     * How the Edge CA came to be, for the operator.
     *
     * @param replaced why a stored Edge CA was replaced by the one created, or null
     */
    record Outcome(List<X509Certificate> chain, StoredCertificate stored, boolean created, String replaced) {
    }

    Outcome ensure(EdgeSettings settings) throws WorkloadException {
        try {
            CertificateService certs = services.certs();
            KeyService keys = services.keys();
            Optional<StoredCertificate> existing = certs.find(EDGE_CA);
            if (MANUAL.equals(settings.edgeCaMethod())) {
                // Retryable: the stores' configuration may arrive after this one; it is tried again.
                return manual(settings, existing.orElseThrow(() -> new WorkloadException(EDGE_CA,
                        "the manual Edge CA needs a preloaded certificate with id aziot-edged-ca ([edge_ca] cert)",
                        true, null)), keys);
            }
            if (existing.isPresent() && existing.get().preloaded()) {
                // Retryable: when config.toml switches to a preloaded Edge CA, the stores are
                // reconfigured first and method 'manual' follows; it is tried again until then.
                throw new WorkloadException(existing.get().location().toString(), "the Edge CA is a preloaded file"
                        + " but the Edge CA method is '" + settings.edgeCaMethod() + "'; use method 'manual'",
                        true, null);
            }
            Optional<KeyPairInfo> key = keys.find(EDGE_CA);
            Optional<String> reason = replacementReason(existing, key, settings);
            if (reason.isPresent()) {
                // A renewal killed between its renames leaves a new key beside the old certificate:
                // finish (or undo) it before judging the pair, or a good new Edge CA would be thrown away.
                InterruptedRenewal.Outcome recovery = InterruptedRenewal.recover(keys, certs, EDGE_CA);
                if (recovery != InterruptedRenewal.Outcome.NOTHING) {
                    LOG.log(Level.WARNING, "An interrupted renewal of the Edge CA was found: {0}",
                            recovery == InterruptedRenewal.Outcome.COMPLETED ? "completed" : "rolled back");
                    existing = certs.find(EDGE_CA);
                    key = keys.find(EDGE_CA);
                    reason = replacementReason(existing, key, settings);
                }
            }
            if (reason.isEmpty()) {
                return new Outcome(existing.get().chain(), existing.get(), false, null);
            }
            boolean replacing = existing.isPresent() || key.isPresent();
            return create(settings, certs, keys, replacing, existing.isPresent() && key.isPresent() ? reason.get() : null);
        } catch (WorkloadException e) {
            throw e;
        } catch (EdgePkiException e) {
            throw new WorkloadException(e.subject(), e.rule(), e.isRetryable(), e);
        }
    }

    /** @return why the stored pair cannot be kept, or empty if it can */
    private static Optional<String> replacementReason(Optional<StoredCertificate> existing, Optional<KeyPairInfo> key,
            EdgeSettings settings) {
        if (existing.isEmpty() || key.isEmpty()) {
            return Optional.of("there is no " + (existing.isEmpty() ? "certificate" : "key"));
        }
        return EdgeCaReuse.replacementReason(existing.get().leaf(), key.get().publicKey(), settings, Instant.now());
    }

    private Outcome manual(EdgeSettings settings, StoredCertificate ca, KeyService keys) throws EdgePkiException {
        if (!ca.preloaded()) {
            throw new WorkloadException(ca.location().toString(), "the manual Edge CA must be a preloaded file"
                    + " ([edge_ca] cert), not a certificate edgepki generated", true, null);
        }
        KeyPairInfo key;
        try {
            key = keys.get(EDGE_CA);
        } catch (KeyException e) {
            // Retryable: the key (a file, an object on a token) may be provisioned a moment later.
            throw new WorkloadException(e.subject(), e.rule() + " (the manual Edge CA's [edge_ca] pk)", true, e);
        }
        List<String> problems = EdgeCaValidation.problems(ca.leaf(), key.publicKey(), settings.hostname(),
                settings.deviceId(), Instant.now());
        if (!problems.isEmpty()) {
            throw new WorkloadException(ca.location().toString(), "cannot be the Edge CA: " + String.join("; ", problems),
                    false, null);
        }
        return new Outcome(ca.chain(), ca, false, null);
    }

    private Outcome create(EdgeSettings settings, CertificateService certs, KeyService keys, boolean replacing,
            String replaced) throws EdgePkiException {
        String method = QUICKSTART.equals(settings.edgeCaMethod()) ? SELF_SIGNED : settings.edgeCaMethod();
        if (replacing) {
            // The stored pair is ours and unusable (expired, mismatched or half-written): a new
            // Edge CA gets a new key, as IoT Edge's quickstart renewal does.
            keys.delete(EDGE_CA);
        }
        KeyPairInfo key = keys.createKeyPairIfNotExists(EDGE_CA, settings.edgeCaKeyPreference());
        byte[] csr = CertificationRequests.create(keys, key, settings.edgeCaRequestSubject());
        List<X509Certificate> chain = services.issuer(method).issue(new IssuanceRequest(EDGE_CA, EDGE_CA, csr,
                CertificateProfile.CA, List.of(), settings.edgeCaValidity(), settings.edgeCaIssuerId()));
        List<String> problems = EdgeCaValidation.problems(chain.get(0), key.publicKey(), settings.hostname(),
                settings.deviceId(), Instant.now());
        if (!problems.isEmpty()) {
            throw new WorkloadException(EDGE_CA, "the issuer '" + method + "' returned a certificate that cannot be"
                    + " the Edge CA: " + String.join("; ", problems), false, null);
        }
        return new Outcome(chain, certs.store(EDGE_CA, chain), true, replaced);
    }
}
