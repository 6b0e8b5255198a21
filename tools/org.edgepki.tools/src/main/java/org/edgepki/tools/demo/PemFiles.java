package org.edgepki.tools.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.edgepki.common.crypto.CertificatePem;
import org.edgepki.common.files.AtomicFiles;

/**
 * Reads and writes the demo PEM files: certificates 0644, unencrypted PKCS#8 keys 0600, each
 * written atomically so that an interrupted run never leaves half a key.
 */
final class PemFiles {
    private final Provider provider;

    PemFiles(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    void writeCertificates(Path file, List<X509Certificate> certificates) throws DemoPkiException {
        write(file, CertificatePem.of(certificates), AtomicFiles.PUBLIC_FILE);
    }

    void writePrivateKey(Path file, PrivateKey key) throws DemoPkiException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new DemoPkiException("cannot encode the private key for " + file + ": " + reason(e), e);
        }
        write(file, text.toString(), AtomicFiles.PRIVATE_FILE);
    }

    /** @return the first certificate in the file */
    X509Certificate readCertificate(Path file) throws DemoPkiException {
        Object object = readFirstObject(file);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new DemoPkiException(file + " does not start with a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().setProvider(provider).getCertificate(holder);
        } catch (CertificateException e) {
            throw new DemoPkiException(file + " holds a certificate that cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** @return the key from a PKCS#8 ("PRIVATE KEY") or traditional ("EC/RSA PRIVATE KEY") PEM file */
    PrivateKey readPrivateKey(Path file) throws DemoPkiException {
        Object object = readFirstObject(file);
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else if (object instanceof PEMKeyPair traditional) {
            info = traditional.getPrivateKeyInfo();
        } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            throw new DemoPkiException(file + " is encrypted; the demo tool reads only unencrypted keys");
        } else {
            throw new DemoPkiException(file + " does not start with a PEM private key");
        }
        try {
            return new JcaPEMKeyConverter().setProvider(provider).getPrivateKey(info);
        } catch (IOException e) {
            throw new DemoPkiException(file + " holds a private key that cannot be decoded: " + reason(e), e);
        }
    }

    /** @return a one-line reason for an I/O failure, without repeating the file name */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private Object readFirstObject(Path file) throws DemoPkiException {
        // Latin-1 decodes any byte, so a stray non-ASCII byte is reported by the PEM parser.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        } catch (IOException e) {
            throw new DemoPkiException("cannot read " + file + ": " + reason(e), e);
        }
    }

    private static void write(Path file, String text, Set<PosixFilePermission> permissions)
            throws DemoPkiException {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), permissions);
        } catch (IOException e) {
            throw new DemoPkiException("cannot write " + file + ": " + reason(e), e);
        }
    }
}
