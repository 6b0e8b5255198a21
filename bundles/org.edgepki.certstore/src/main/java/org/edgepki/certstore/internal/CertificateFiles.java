package org.edgepki.certstore.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.common.files.ParsedFileCache;
import org.edgepki.common.files.ParsedFileCache.FileStamp;

/**
 * Reads certificate chains (PEM, or one DER certificate) and writes them as PEM. Every error names
 * the file and the rule it breaks. Thread-safe.
 */
final class CertificateFiles {
    private final JcaX509CertificateConverter converter;
    /** Chains by file: the local CA reads the Edge CA chain on every issuance. */
    private final ParsedFileCache<List<X509Certificate>> parsedChains = new ParsedFileCache<>();

    /** Certificates are parsed by the JDK's X.509 factory: see {@code CryptoProviders}. */
    CertificateFiles() {
        this.converter = new JcaX509CertificateConverter();
    }

    /**
     * @param file a file that may be missing, such as a stored chain
     * @return its chain in file order, or empty if there is no such file
     * @throws CertificateStoreException naming the file if it is unreadable or not a chain
     */
    Optional<List<X509Certificate>> findChain(Path file) throws CertificateStoreException {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw readFailure(file, e);
        }
        List<X509Certificate> cached = parsedChains.get(file, stamp);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> content = readIfExists(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> chain = List.copyOf(chainIn(file, content.get()));
        parsedChains.put(file, stamp, chain);
        return Optional.of(chain);
    }

    /**
     * @param file the file, for messages
     * @param content its bytes
     * @return the certificates, in file order
     * @throws CertificateStoreException naming the file if the content is not a PEM chain or a DER certificate
     */
    List<X509Certificate> chainIn(Path file, byte[] content) throws CertificateStoreException {
        switch (FileFormat.of(content)) {
            case PEM:
                return pemChain(file, content);
            case DER_CERTIFICATE:
            case CORRUPT_DER:
                return List.of(derCertificate(file, content));
            case EMPTY:
                throw new CertificateStoreException(file.toString(), "is empty; a PEM or DER certificate is expected");
            case DER_PRIVATE_KEY:
                throw new CertificateStoreException(file.toString(), PemContent.PRIVATE_KEY_RULE);
            case PKCS12:
                throw new CertificateStoreException(file.toString(),
                        "is a PKCS#12 file where a PEM or DER certificate is expected; import it instead");
            case OTHER_DER:
                throw new CertificateStoreException(file.toString(), "holds DER data that is not an X.509 certificate");
            default:
                throw new CertificateStoreException(file.toString(), "is neither PEM nor DER");
        }
    }

    /**
     * @param holder a certificate as Bouncy Castle parsed it
     * @param file the file it came from, for messages
     * @return the JCA certificate
     */
    X509Certificate certificateOf(X509CertificateHolder holder, Path file) throws CertificateStoreException {
        try {
            return converter.getCertificate(holder);
        } catch (CertificateException e) {
            throw new CertificateStoreException(file.toString(),
                    "holds a certificate that cannot be decoded (" + e.getMessage() + ")", false, e);
        }
    }

    /**
     * @param chain certificates
     * @return the chain as PEM, one CERTIFICATE block per certificate in order
     */
    static byte[] pemOf(List<X509Certificate> chain) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : chain) {
                writer.writeObject(certificate);
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the whole file; a missing file is an error */
    static byte[] read(Path file) throws CertificateStoreException {
        return readIfExists(file).orElseThrow(() -> new CertificateStoreException(file.toString(), "does not exist"));
    }

    /** @return the whole file, or empty if it does not exist */
    static Optional<byte[]> readIfExists(Path file) throws CertificateStoreException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** @return the error for a file that exists but cannot be read: retryable, as I/O failures may pass */
    static CertificateStoreException readFailure(Path file, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied" : e.toString();
        return new CertificateStoreException(file.toString(), "cannot be read: " + reason, true, e);
    }

    private List<X509Certificate> pemChain(Path file, byte[] content) throws CertificateStoreException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : PemContent.objectsIn(file, content)) {
            if (object instanceof X509CertificateHolder holder) {
                chain.add(certificateOf(holder, file));
            } else if (object instanceof X509TrustedCertificateBlock trusted) {
                chain.add(certificateOf(trusted.getCertificateHolder(), file));
            } else if (PemContent.isPrivateKey(object)) {
                throw new CertificateStoreException(file.toString(), PemContent.PRIVATE_KEY_RULE);
            } else {
                throw new CertificateStoreException(file.toString(),
                        "holds " + PemContent.describe(object) + " where a certificate is expected");
            }
        }
        if (chain.isEmpty()) {
            throw new CertificateStoreException(file.toString(), "holds no certificate");
        }
        return chain;
    }

    private X509Certificate derCertificate(Path file, byte[] content) throws CertificateStoreException {
        X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(content);
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle's message stays out of the rule: the broken DER may be a private key.
            throw new CertificateStoreException(file.toString(), "holds truncated or corrupt DER", false, e);
        }
        return certificateOf(holder, file);
    }
}
