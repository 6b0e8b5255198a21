package org.edgepki.certstore.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.Thumbprints;
import org.edgepki.common.files.AtomicFiles;
import org.edgepki.common.files.IoFailure;
import org.edgepki.common.files.StoreFileName;
import org.edgepki.common.osgi.AwaitedService;
import org.osgi.service.event.EventAdmin;

/**
 * The certificate store for one configuration: preloaded chains read where they are, and stored
 * chains as PEM files under {@code <home>/certd/certs}. A plain class, so tests use it directly;
 * the DS component swaps instances when its configuration changes.
 *
 * <p>Thread-safe: reads take no lock (files are replaced atomically); changes to one id are serialised
 * by locks that instances made by {@link #withSettings} share (see {@link StoreLocks}), so a
 * configuration change never lets two writers of an id race, while writers of different ids run at
 * once and share their directory syncs.
 */
final class CertificateStore implements CertificateService {
    private final StoreSettings settings;
    private final CertificateFiles certificateFiles;
    private final CredentialReader credentialReader;
    private final AwaitedService<KeyService> keyService;
    private final CertificateEventPoster events;
    private final StoreLocks locks;
    private final StoredIds storedIds;

    /**
     * @param settings the validated configuration
     * @param keyService the key service reference, which imports of private keys wait for
     * @param eventAdmin the current EventAdmin, or null when there is none
     */
    CertificateStore(StoreSettings settings, AwaitedService<KeyService> keyService,
            Supplier<EventAdmin> eventAdmin) {
        this(settings, keyService, new CertificateEventPoster(eventAdmin), new StoreLocks());
    }

    private CertificateStore(StoreSettings settings, AwaitedService<KeyService> keyService,
            CertificateEventPoster events, StoreLocks locks) {
        this.settings = settings;
        this.certificateFiles = new CertificateFiles();
        this.credentialReader = new CredentialReader();
        this.keyService = keyService;
        this.events = events;
        this.locks = locks;
        this.storedIds = new StoredIds(settings.certd().resolve("index"), this::storedFile, locks);
    }

    /** @return a store with new settings that shares this one's services and locks */
    CertificateStore withSettings(StoreSettings newSettings) {
        return new CertificateStore(newSettings, keyService, events, locks);
    }

    /**
     * Tells listeners about the preloaded ids whose configuration differs from {@code previous}'s:
     * {@link org.edgepki.api.cert.CertificateEvents#TOPIC_STORED STORED} with the chain the id now
     * resolves to (its new files, or a chain stored under that id before it was preloaded), and
     * {@link org.edgepki.api.cert.CertificateEvents#TOPIC_DELETED DELETED} when nothing can be read
     * under it any more (no chain, or files that are missing or broken, which reading it reports).
     * Call it once this store is the one in force, so that listeners read the new chains.
     *
     * @param previous the store this one replaces
     */
    void announcePreloadedChanges(CertificateStore previous) {
        for (String certId : settings.preloadedChangesSince(previous.settings)) {
            Optional<StoredCertificate> now;
            try {
                now = find(certId);
            } catch (CertificateStoreException e) {
                now = Optional.empty();
            }
            if (now.isPresent()) {
                events.stored(now.get());
            } else {
                events.deleted(certId);
            }
        }
    }

    @Override
    public Optional<StoredCertificate> find(String certId) throws CertificateStoreException {
        requireValidId(certId);
        List<Path> preloadedFiles = settings.preloaded().get(certId);
        if (preloadedFiles != null) {
            return Optional.of(describe(certId, preloadedFiles.get(0), preloadedChain(certId, preloadedFiles), true));
        }
        Path file = storedFile(certId);
        Optional<List<X509Certificate>> chain = certificateFiles.findChain(file);
        return chain.isEmpty() ? Optional.empty() : Optional.of(describe(certId, file, chain.get(), false));
    }

    @Override
    public StoredCertificate get(String certId) throws CertificateStoreException {
        return find(certId).orElseThrow(() -> new CertificateStoreException(certId, "no certificate has this id"));
    }

    @Override
    public StoredCertificate store(String certId, List<X509Certificate> chain) throws CertificateStoreException {
        requireWritable(certId);
        if (chain == null || chain.isEmpty() || chain.stream().anyMatch(Objects::isNull)) {
            throw new CertificateStoreException(certId, "a chain to store must hold at least one certificate and no null");
        }
        Path file = storedFile(certId);
        StoredCertificate stored = describe(certId, file, chain, false);
        try (StoreLocks.Held held = locks.lock(certId)) {
            AtomicFiles.ensureDirectory(settings.certificateDirectory(), AtomicFiles.PUBLIC_DIR);
            storedIds.add(certId);
            AtomicFiles.write(file, CertificateFiles.pemOf(chain), AtomicFiles.PUBLIC_FILE);
        } catch (IOException e) {
            throw writeFailure(certId, file, e);
        }
        events.stored(stored);
        return stored;
    }

    @Override
    public StoredCertificate importFile(String certId, Path file, char[] password) throws CertificateStoreException {
        requireWritable(certId);
        ImportedCredential credential = credentialReader.read(file, password);
        if (credential.privateKey().isEmpty()) {
            return store(certId, credential.chain());
        }
        KeyMatch.requireMatch(credential.privateKey().get(), credential.leaf(), file);
        KeyService keys = keyService.await(settings.serviceTimeout(), () -> new CertificateStoreException(certId,
                "no key service became available within " + settings.serviceTimeout().toSeconds()
                        + " s to take the private key from " + file + "; nothing was stored", true, null));
        // Key and chain are replaced under the id's lock so that two imports of one id cannot interleave.
        try (StoreLocks.Held held = locks.lock(certId)) {
            keys.importPrivateKey(certId, credential.privateKey().get());
            return store(certId, credential.chain());
        } catch (KeyException e) {
            throw new CertificateStoreException(certId, "the key service did not store the private key from "
                    + file + ": " + e.rule() + "; nothing was stored", e.isRetryable(), e);
        }
    }

    @Override
    public void delete(String certId) throws CertificateStoreException {
        requireWritable(certId);
        Path file = storedFile(certId);
        boolean existed;
        try (StoreLocks.Held held = locks.lock(certId)) {
            existed = AtomicFiles.delete(file);
            storedIds.remove(certId);
        } catch (IOException e) {
            throw writeFailure(certId, file, e);
        }
        if (existed) {
            events.deleted(certId);
        }
    }

    @Override
    public void move(String fromCertId, String toCertId) throws CertificateStoreException {
        requireWritable(fromCertId);
        requireWritable(toCertId);
        Path from = storedFile(fromCertId);
        Path to = storedFile(toCertId);
        StoredCertificate moved;
        try (StoreLocks.Held held = locks.lock(fromCertId, toCertId)) {
            List<X509Certificate> chain = certificateFiles.findChain(from).orElseThrow(() ->
                    new CertificateStoreException(fromCertId, "cannot be moved: no certificate is stored under this id"));
            if (fromCertId.equals(toCertId)) {
                return;
            }
            moved = describe(toCertId, to, chain, false);
            storedIds.add(toCertId);
            AtomicFiles.move(from, to);
            storedIds.remove(fromCertId);
        } catch (IOException e) {
            throw writeFailure(fromCertId, from, e);
        }
        events.deleted(fromCertId);
        events.stored(moved);
    }

    @Override
    public List<String> ids() throws CertificateStoreException {
        Set<String> ids = new TreeSet<>(settings.preloaded().keySet());
        try {
            ids.addAll(storedIds.ids());
        } catch (IOException e) {
            throw CertificateFiles.readFailure(settings.certd().resolve("index"), e);
        }
        return List.copyOf(ids);
    }

    /** @return where the chain of a non-preloaded id is stored */
    Path storedFile(String certId) {
        return settings.certificateDirectory().resolve(StoreFileName.of(certId, ".cer"));
    }

    private List<X509Certificate> preloadedChain(String certId, List<Path> files) throws CertificateStoreException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Path file : files) {
            byte[] content = CertificateFiles.readIfExists(file).orElseThrow(() -> new CertificateStoreException(
                    file.toString(), "does not exist; it is configured in preloaded_certs for \"" + certId + "\""));
            chain.addAll(certificateFiles.chainIn(file, content));
        }
        return chain;
    }

    private static StoredCertificate describe(String certId, Path file, List<X509Certificate> chain, boolean preloaded) {
        return new StoredCertificate(certId, file.toUri(), chain, preloaded, Thumbprints.sha256(chain.get(0)),
                Thumbprints.sha1(chain.get(0)));
    }

    private void requireWritable(String certId) throws CertificateStoreException {
        requireValidId(certId);
        if (settings.preloaded().containsKey(certId)) {
            throw new CertificateStoreException(certId, "is preloaded from " + settings.preloaded().get(certId)
                    + " and is read-only; change preloaded_certs instead");
        }
    }

    private static void requireValidId(String certId) throws CertificateStoreException {
        try {
            StoreFileName.requireValidId(certId);
        } catch (IllegalArgumentException e) {
            throw new CertificateStoreException(String.valueOf(certId), "is not a valid certificate id: "
                    + e.getMessage(), false, e);
        }
    }

    /** An I/O failure is retryable: a full disk, a read-only remount, an I/O error or a held lock may pass. */
    private static CertificateStoreException writeFailure(String certId, Path file, IOException e) {
        return new CertificateStoreException(certId, "cannot change " + file + ": " + IoFailure.reason(e), true, e);
    }
}
