package org.edgepki.common.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/**
 * Gathers every certificate id the store holds or the scheduler manages, with its key and renewal
 * status, for the console and the shell. A renewal's temporary ids ({@code …-temp}) are left out.
 */
public final class CertificateInventory {
    private final CertificateService certificates;
    private final KeyService keys;
    private final CredentialService renewals;

    /**
     * @param certificates the certificate store
     * @param keys the key service, or null when it is missing (keys then show as unknown)
     * @param renewals the renewal service, or null when it is missing
     */
    public CertificateInventory(CertificateService certificates, KeyService keys, CredentialService renewals) {
        this.certificates = certificates;
        this.keys = keys;
        this.renewals = renewals;
    }

    /**
     * @return every certificate, sorted by id
     * @throws EdgePkiException if the store cannot list its certificates
     */
    public List<ManagedCertificate> all() throws EdgePkiException {
        Map<String, CredentialStatus> managed = new TreeMap<>();
        if (renewals != null) {
            renewals.status().forEach(status -> managed.put(status.credentialId(), status));
        }
        TreeSet<String> ids = new TreeSet<>(certificates.ids());
        ids.addAll(managed.keySet());
        ids.removeIf(id -> id.endsWith(CredentialIds.TEMP_SUFFIX));
        List<ManagedCertificate> all = new ArrayList<>(ids.size());
        for (String id : ids) {
            all.add(describe(id, Optional.ofNullable(managed.get(id))));
        }
        return all;
    }

    /**
     * @param id a certificate id
     * @return what is known of it; empty when neither the store nor the scheduler knows it
     * @throws EdgePkiException if the store cannot be read
     */
    public Optional<ManagedCertificate> find(String id) throws EdgePkiException {
        Optional<CredentialStatus> renewal = renewals == null ? Optional.empty() : renewals.status(id);
        ManagedCertificate found = describe(id, renewal);
        return found.certificate().isEmpty() && renewal.isEmpty() && found.problem().isEmpty()
                ? Optional.empty() : Optional.of(found);
    }

    private ManagedCertificate describe(String id, Optional<CredentialStatus> renewal) {
        Optional<StoredCertificate> certificate = Optional.empty();
        Optional<KeyPairInfo> key = Optional.empty();
        String problem = null;
        try {
            certificate = certificates.find(id);
        } catch (EdgePkiException e) {
            problem = e.getMessage();
        }
        try {
            key = keys == null ? Optional.empty() : keys.find(id);
        } catch (EdgePkiException e) {
            problem = problem == null ? e.getMessage() : problem + "; " + e.getMessage();
        }
        return new ManagedCertificate(id, certificate, key, renewal, Optional.ofNullable(problem));
    }
}
