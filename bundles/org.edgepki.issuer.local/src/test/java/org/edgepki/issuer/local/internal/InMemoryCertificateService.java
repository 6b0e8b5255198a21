package org.edgepki.issuer.local.internal;

import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.cert.StoredCertificate;

/**
 * Test double standing in for the certstore bundle's CertificateService, which another bundle
 * provides: chains held in memory. Only what the issuers call is implemented.
 */
final class InMemoryCertificateService implements CertificateService {
    private final Map<String, StoredCertificate> chains = new ConcurrentHashMap<>();

    @Override
    public StoredCertificate store(String certId, List<X509Certificate> chain) throws CertificateStoreException {
        StoredCertificate stored = new StoredCertificate(certId, URI.create("memory:" + certId.replace(' ', '-')),
                chain, false, thumbprint("SHA-256", certId, chain.get(0)), thumbprint("SHA-1", certId, chain.get(0)));
        chains.put(certId, stored);
        return stored;
    }

    @Override
    public StoredCertificate get(String certId) throws CertificateStoreException {
        StoredCertificate stored = chains.get(certId);
        if (stored == null) {
            throw new CertificateStoreException(certId, "no certificate is stored under this id");
        }
        return stored;
    }

    @Override
    public Optional<StoredCertificate> find(String certId) {
        return Optional.ofNullable(chains.get(certId));
    }

    @Override
    public List<String> ids() {
        return chains.keySet().stream().sorted().toList();
    }

    @Override
    public StoredCertificate importFile(String certId, Path file, char[] password) {
        throw new UnsupportedOperationException("not used by the issuers");
    }

    @Override
    public void delete(String certId) {
        chains.remove(certId);
    }

    @Override
    public void move(String fromCertId, String toCertId) {
        throw new UnsupportedOperationException("not used by the issuers");
    }

    private static String thumbprint(String digest, String certId, X509Certificate leaf)
            throws CertificateStoreException {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(digest).digest(leaf.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new CertificateStoreException(certId, "cannot compute a thumbprint", false, e);
        }
    }
}
