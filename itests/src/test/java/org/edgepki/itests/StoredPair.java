package org.edgepki.itests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.edgepki.common.files.StoreFileName;

/**
 * A certificate and its key as the stores leave them on disk, read with Bouncy Castle and nothing
 * of edgepki but the file naming rule, so a killed process's leftovers are judged independently of
 * the code that wrote them.
 *
 * @param id the certificate and key id
 * @param chain the chain file's certificates, empty if there is no file
 * @param key the key file's private key, empty if there is no file
 * @param keyMode the key file's permissions, for example {@code rw-------}, empty if there is no file
 */
record StoredPair(String id, List<X509Certificate> chain, Optional<PrivateKey> key, Optional<String> keyMode) {

    /** @return the pair stored under {@code id} in the state directory {@code home} */
    static StoredPair read(Path home, String id) throws IOException {
        Path certFile = home.resolve("certd/certs").resolve(StoreFileName.of(id, ".cer"));
        Path keyFile = home.resolve("keyd/keys").resolve(StoreFileName.of(id, ".key"));
        List<X509Certificate> chain = new ArrayList<>();
        if (Files.exists(certFile)) {
            try (Reader reader = Files.newBufferedReader(certFile); PEMParser pem = new PEMParser(reader)) {
                for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
                    chain.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) object));
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(certFile + " holds an unreadable certificate", e);
            }
        }
        Optional<PrivateKey> key = Optional.empty();
        Optional<String> mode = Optional.empty();
        if (Files.exists(keyFile)) {
            try (Reader reader = Files.newBufferedReader(keyFile); PEMParser pem = new PEMParser(reader)) {
                key = Optional.of(new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) pem.readObject()));
            }
            mode = Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        }
        return new StoredPair(id, chain, key, mode);
    }

    /** @return whether both files exist and the key signs what the certificate's key verifies */
    boolean matches() {
        return !chain.isEmpty() && key.isPresent() && signsFor(key.get(), chain.get(0).getPublicKey());
    }

    /** @return whether {@code certificateKey} verifies this pair's key's signature */
    boolean keySignsFor(PublicKey certificateKey) {
        return key.isPresent() && signsFor(key.get(), certificateKey);
    }

    /**
     * @return what is wrong with the pair as a usable credential (files, match, permissions, each
     *     link of the chain, validity at {@code now}); empty when nothing is
     */
    List<String> problems(Date now) {
        List<String> problems = new ArrayList<>();
        if (chain.isEmpty()) {
            problems.add(id + ": no certificate file");
            return problems;
        }
        if (key.isEmpty()) {
            problems.add(id + ": no key file");
            return problems;
        }
        if (!matches()) {
            problems.add(id + ": the certificate is not for the stored key");
        }
        if (!"rw-------".equals(keyMode.orElse(""))) {
            problems.add(id + ": the key file's mode is " + keyMode.orElse("?") + ", not rw-------");
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            boolean last = i == chain.size() - 1;
            boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
            try {
                certificate.checkValidity(now);
                if (!last) {
                    if (!certificate.getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                        problems.add(id + ": certificate " + i + " is not issued by the next one in the chain");
                    }
                    certificate.verify(chain.get(i + 1).getPublicKey());
                } else if (selfSigned) {
                    certificate.verify(certificate.getPublicKey());
                }
            } catch (GeneralSecurityException e) {
                problems.add(id + ": certificate " + i + " of the chain: " + e);
            }
        }
        return problems;
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey) {
        try {
            String algorithm = "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())
                    ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] data = "edgepki kill test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
