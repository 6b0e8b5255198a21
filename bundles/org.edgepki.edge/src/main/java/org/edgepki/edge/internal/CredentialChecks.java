package org.edgepki.edge.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.EdgeCaProfile;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The checks on the device's stored credentials, each a {@link Check} service of its own:
 * expiry of the Edge CA, device identity, EST identity and bootstrap certificates; every
 * certificate matching its key; key strength; and the trust bundle holding the Edge CA's root.
 */
final class CredentialChecks {
    /** The certificates whose expiry {@code check} reports, as {@code iotedge check} does. */
    static final List<String> IDENTITIES = List.of(CredentialIds.EDGE_CA, CredentialIds.DEVICE_ID,
            CredentialIds.EST_ID, CredentialIds.EST_BOOTSTRAP_ID);

    private CredentialChecks() {
    }

    /** The services a credential check reads; dynamic, so updating them never restarts a check. */
    abstract static class StoreCheck implements Check {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile CertificateService certificates;
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile KeyService keys;
        final Clock clock = Clock.systemUTC();

        /** @return the certificate store, or throws a finding-worthy error naming its bundle */
        CertificateService store() {
            CertificateService store = certificates;
            if (store == null) {
                throw new IllegalStateException("the certificate store (bundle org.edgepki.certstore) is not running");
            }
            return store;
        }

        /** @return every stored chain that has a key of the same id (the device's own credentials) */
        List<Pair> pairs() throws EdgePkiException {
            KeyService keyService = keys;
            if (keyService == null) {
                throw new IllegalStateException("the key service (bundle org.edgepki.keystore) is not running");
            }
            List<Pair> pairs = new ArrayList<>();
            for (String id : store().ids()) {
                if (id.endsWith(CredentialIds.TEMP_SUFFIX)) {
                    continue;
                }
                Optional<StoredCertificate> stored = store().find(id);
                Optional<KeyPairInfo> key = keyService.find(id);
                if (stored.isPresent() && key.isPresent()) {
                    pairs.add(new Pair(stored.get(), key.get()));
                }
            }
            return pairs;
        }

        static String renewFix(StoredCertificate stored) {
            return stored.preloaded()
                    ? "replace " + stored.location() + " with a valid certificate from your PKI"
                    : "renew it with edgepki:renew " + stored.id() + " (or the console), and fix any renewal error it reports";
        }
    }

    record Pair(StoredCertificate certificate, KeyPairInfo key) {
    }

    /** Expiry of the identities; errors when expired or not yet valid, warnings within 7 days. */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.EXPIRY)
    public static final class Expiry extends StoreCheck {
        @Override
        public List<Finding> run() throws EdgePkiException {
            List<Finding> findings = new ArrayList<>();
            for (String id : IDENTITIES) {
                Optional<StoredCertificate> stored = store().find(id);
                stored.ifPresent(found -> findings.add(CertificateFindings.expiry(found, clock.instant(), renewFix(found))));
            }
            return findings;
        }
    }

    /** Every certificate with a key matches it, by public key and by a test signature. */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.KEY_MATCH)
    public static final class KeyMatch extends StoreCheck {
        @Override
        public List<Finding> run() throws EdgePkiException {
            KeyService signer = keys;
            List<Finding> findings = new ArrayList<>();
            for (Pair pair : pairs()) {
                findings.add(CertificateFindings.keyMatch(pair.certificate(), pair.key(), signer::sign,
                        pair.certificate().preloaded()
                                ? "configure the key this certificate was issued for, or the certificate for this key"
                                : "delete the certificate (edgepki issues a new one for the key) or import the matching pair"));
            }
            return findings;
        }
    }

    /** RSA-2048 or stronger, EC P-256 or P-384, through every chain with a key. */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.KEY_STRENGTH)
    public static final class KeyStrength extends StoreCheck {
        @Override
        public List<Finding> run() throws EdgePkiException {
            return pairs().stream().map(pair -> CertificateFindings.keyStrength(pair.certificate())).toList();
        }
    }

    /**
     * The Edge CA against the documentation's profile ({@link EdgeCaProfile}): where it departs (no pathlen, lax
     * extensions) a warning; what makes it unusable the credential service refuses before it is used.
     */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.EDGE_CA_PROFILE)
    public static final class EdgeCaProfileCheck extends StoreCheck {
        @Override
        public List<Finding> run() throws EdgePkiException {
            Optional<StoredCertificate> edgeCa = store().find(CredentialIds.EDGE_CA);
            if (edgeCa.isEmpty()) {
                return List.of();
            }
            EdgeCaProfile.Findings profile = EdgeCaProfile.of(edgeCa.get().chain());
            List<Finding> findings = new ArrayList<>();
            String fix = edgeCa.get().preloaded() ? "ask your PKI for an Edge CA with basicConstraints = critical,"
                    + " CA:TRUE, pathlen:0 and keyUsage = critical, digitalSignature, keyCertSign, subjectKeyIdentifier"
                    + " and authorityKeyIdentifier" : "renew it (edgepki:renew " + CredentialIds.EDGE_CA + ")";
            profile.errors().forEach(error -> findings.add(Finding.error(CertificateFindings.EDGE_CA_PROFILE,
                    CredentialIds.EDGE_CA, error, fix)));
            profile.warnings().forEach(warning -> findings.add(Finding.warning(CertificateFindings.EDGE_CA_PROFILE,
                    CredentialIds.EDGE_CA, warning, fix)));
            return findings.isEmpty() ? List.of(Finding.ok(CertificateFindings.EDGE_CA_PROFILE, CredentialIds.EDGE_CA,
                    "the Edge CA has the documented profile (critical CA:TRUE pathlen:0, critical keyUsage,"
                            + " key identifiers)")) : findings;
        }
    }

    /**
     * The Edge CA and the device identity do not chain to a test-only CA: the demo tool's and Microsoft's sample
     * scripts' ({@value #TEST_ONLY} in the name). Such a device works, but is not ready for production.
     */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.TEST_ROOT)
    public static final class TestRoot extends StoreCheck {
        static final String TEST_ONLY = "Test Only";

        @Override
        public List<Finding> run() throws EdgePkiException {
            List<Finding> findings = new ArrayList<>();
            for (String id : List.of(CredentialIds.EDGE_CA, CredentialIds.DEVICE_ID)) {
                Optional<StoredCertificate> stored = store().find(id);
                if (stored.isEmpty()) {
                    continue;
                }
                Optional<String> testCa = stored.get().chain().stream()
                        .flatMap(certificate -> Stream.of(certificate.getSubjectX500Principal(),
                                certificate.getIssuerX500Principal()))
                        .map(X500Principal::getName).filter(name -> name.contains(TEST_ONLY)).findFirst();
                findings.add(testCa.isPresent()
                        ? Finding.warning(CertificateFindings.TEST_ROOT, id, "it chains to a test-only CA (" + testCa.get()
                                + "), such as the demo tool makes: not for production", "replace it with a certificate"
                                        + " from your PKI (or EST) before production")
                        : Finding.ok(CertificateFindings.TEST_ROOT, id, "it does not chain to a test-only CA"));
            }
            return findings;
        }
    }

    /** The trust bundle holds the Edge CA chain's root. */
    @Component(service = Check.class, property = Check.ID + "=" + CertificateFindings.TRUST_ROOT)
    public static final class TrustRoot extends StoreCheck {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile TrustBundle trustBundle;

        @Override
        public List<Finding> run() throws EdgePkiException {
            Optional<StoredCertificate> edgeCa = store().find(CredentialIds.EDGE_CA);
            TrustBundle bundle = trustBundle;
            if (edgeCa.isEmpty()) {
                return List.of(Finding.error(CertificateFindings.TRUST_ROOT, CredentialIds.EDGE_CA, "there is no Edge CA yet",
                        "look at the runtime's log for why the Edge CA could not be established"));
            }
            if (bundle == null) {
                throw new IllegalStateException("the trust bundle (bundle org.edgepki.certstore) is not running");
            }
            return List.of(CertificateFindings.trustRoot(edgeCa.get(), bundle.certificates()));
        }
    }
}
