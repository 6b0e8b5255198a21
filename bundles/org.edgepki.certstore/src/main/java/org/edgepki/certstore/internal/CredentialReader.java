package org.edgepki.certstore.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.common.crypto.CryptoProviders;

/**
 * Reads an import file of any supported format, told from its content: a PEM chain, a PEM holding
 * a chain and one private key (PKCS#8, encrypted PKCS#8 or traditional RSA/EC), a DER certificate,
 * or a PKCS#12 file. Errors name the file and never contain the password or key bytes. Thread-safe.
 */
final class CredentialReader {
    private static final String WRONG_PKCS12_PASSWORD = "wrong password or corrupt PKCS#12 file";
    private static final String MORE_THAN_ONE_KEY = "holds more than one private key; a file may hold "
            + "one certificate chain and the private key of its first certificate";

    private final CertificateFiles certificateFiles = new CertificateFiles();

    /**
     * @param file the file to import
     * @param password the password of a PKCS#12 file or an encrypted PEM key, or null
     * @return the chain and the private key if there is one; the key is not yet checked against the leaf
     * @throws CertificateStoreException naming the file and the rule broken
     */
    ImportedCredential read(Path file, char[] password) throws CertificateStoreException {
        byte[] content = CertificateFiles.read(file);
        return switch (FileFormat.of(content)) {
            case PEM -> fromPem(file, content, password);
            case PKCS12 -> fromPkcs12(file, content, password);
            default -> new ImportedCredential(certificateFiles.chainIn(file, content), Optional.empty());
        };
    }

    private ImportedCredential fromPem(Path file, byte[] content, char[] password) throws CertificateStoreException {
        List<X509Certificate> chain = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        for (Object object : PemContent.objectsIn(file, content)) {
            if (object instanceof X509CertificateHolder holder) {
                chain.add(certificateFiles.certificateOf(holder, file));
            } else if (object instanceof X509TrustedCertificateBlock trusted) {
                chain.add(certificateFiles.certificateOf(trusted.getCertificateHolder(), file));
            } else if (PemContent.isPrivateKey(object)) {
                keys.add(object);
            } else if (!PemContent.isEcParameters(object)) {
                throw new CertificateStoreException(file.toString(), "holds " + PemContent.describe(object)
                        + " where a certificate or a private key is expected");
            }
        }
        if (chain.isEmpty()) {
            throw new CertificateStoreException(file.toString(),
                    keys.isEmpty() ? "holds no certificate" : PemContent.PRIVATE_KEY_RULE);
        }
        if (keys.size() > 1) {
            throw new CertificateStoreException(file.toString(), MORE_THAN_ONE_KEY);
        }
        // Keys are decrypted only now, so a password is asked for only when it is needed.
        Optional<PrivateKey> key = keys.isEmpty() ? Optional.empty()
                : Optional.of(privateKeyOf(keys.get(0), file, password));
        return new ImportedCredential(chain, key);
    }

    // Bouncy Castle reads imported keys (encrypted PEM of every kind, PKCS#12): made only when a key is imported.
    private PrivateKey privateKeyOf(Object pemKey, Path file, char[] password) throws CertificateStoreException {
        Provider provider = CryptoProviders.bouncyCastle();
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter().setProvider(provider);
        try {
            if (pemKey instanceof PEMKeyPair pair) {
                return keyConverter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pemKey instanceof PrivateKeyInfo info) {
                return keyConverter.getPrivateKey(info);
            }
            requirePassword(file, password);
            if (pemKey instanceof PEMEncryptedKeyPair encrypted) {
                return keyConverter.getPrivateKey(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(provider).build(password)).getPrivateKeyInfo());
            }
            PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) pemKey;
            return keyConverter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(provider).build(password)));
        } catch (IOException | PKCSException | OperatorCreationException | RuntimeException e) {
            // The cause's message is left out on purpose: it is about key material.
            throw new CertificateStoreException(file.toString(),
                    "holds a private key that cannot be read (wrong password, or a corrupt or unsupported key)",
                    false, e);
        }
    }

    private static void requirePassword(Path file, char[] password) throws CertificateStoreException {
        if (password == null) {
            throw new CertificateStoreException(file.toString(),
                    "holds an encrypted private key; give its password to import it");
        }
    }

    private ImportedCredential fromPkcs12(Path file, byte[] content, char[] password) throws CertificateStoreException {
        char[] pkcs12Password = password == null ? new char[0] : password;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", CryptoProviders.bouncyCastle());
            store.load(new ByteArrayInputStream(content), pkcs12Password);
            List<String> keyAliases = new ArrayList<>();
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                } else if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificates.add(certificate);
                }
            }
            if (keyAliases.size() > 1) {
                throw new CertificateStoreException(file.toString(), MORE_THAN_ONE_KEY);
            }
            if (keyAliases.isEmpty()) {
                // Without a key the file is a set of certificates (a trust store): there is no leaf
                // to put first, so they are kept in the order the key store lists them.
                if (certificates.isEmpty()) {
                    throw new CertificateStoreException(file.toString(), "holds no certificate");
                }
                return new ImportedCredential(certificates, Optional.empty());
            }
            return keyEntry(file, store, keyAliases.get(0), pkcs12Password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CertificateStoreException(file.toString(), WRONG_PKCS12_PASSWORD, false, e);
        }
    }

    private static ImportedCredential keyEntry(Path file, KeyStore store, String alias, char[] password)
            throws GeneralSecurityException, CertificateStoreException {
        Key key = store.getKey(alias, password);
        if (!(key instanceof PrivateKey privateKey)) {
            throw new CertificateStoreException(file.toString(), "holds a key entry that is not a private key");
        }
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new CertificateStoreException(file.toString(),
                    "holds a private key but no certificate; a certificate is expected");
        }
        List<X509Certificate> x509Chain = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw new CertificateStoreException(file.toString(), "holds a certificate that is not X.509");
            }
            x509Chain.add(x509);
        }
        return new ImportedCredential(x509Chain, Optional.of(privateKey));
    }
}
