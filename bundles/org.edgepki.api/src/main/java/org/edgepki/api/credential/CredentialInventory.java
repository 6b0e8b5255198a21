package org.edgepki.api.credential;

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
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/**
 * The certificate inventory every operator surface shows, defined once: every id the certificate store holds or the
 * credential service manages, with its key and status, sorted by id; a renewal's temporary ids ({@code …-temp}) are
 * left out. It works with what is running: without a key service keys show as unknown, without the credential
 * service statuses do.
 */
public final class CredentialInventory {
    private final CertificateService certificates;
    private final KeyService keys;
    private final CredentialService credentials;

    /**
     * @param certificates the certificate store
     * @param keys the key service, or null when it is missing
     * @param credentials the credential service, or null when it is missing
     */
    public CredentialInventory(CertificateService certificates, KeyService keys, CredentialService credentials) {
        this.certificates = certificates;
        this.keys = keys;
        this.credentials = credentials;
    }

    /**
     * @return every entry, sorted by id
     * @throws EdgePkiException if the store cannot list its certificates
     */
    public List<InventoryEntry> all() throws EdgePkiException {
        Map<String, CredentialStatus> managed = new TreeMap<>();
        if (credentials != null) {
            credentials.status().forEach(status -> managed.put(status.credentialId(), status));
        }
        TreeSet<String> ids = new TreeSet<>(certificates.ids());
        ids.addAll(managed.keySet());
        ids.removeIf(id -> id.endsWith(CredentialIds.TEMP_SUFFIX));
        List<InventoryEntry> all = new ArrayList<>(ids.size());
        for (String id : ids) {
            all.add(describe(id, Optional.ofNullable(managed.get(id))));
        }
        return all;
    }

    /**
     * @param id a certificate id
     * @return what is known of it; empty when neither the store nor the credential service knows it
     */
    public Optional<InventoryEntry> find(String id) {
        Optional<CredentialStatus> status = credentials == null ? Optional.empty() : credentials.status(id);
        InventoryEntry found = describe(id, status);
        return found.certificate().isEmpty() && status.isEmpty() && found.problem().isEmpty()
                ? Optional.empty() : Optional.of(found);
    }

    private InventoryEntry describe(String id, Optional<CredentialStatus> status) {
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
        return new InventoryEntry(id, certificate, key, status, Optional.ofNullable(problem));
    }
}
