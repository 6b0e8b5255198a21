package org.edgepki.itests;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/** Certificates as PEM: files for openssl, text from events, and SHA-256 thumbprints. */
final class Pem {
    private Pem() {
    }

    static Path write(Path file, List<X509Certificate> certificates) {
        try {
            return Files.writeString(file, TestPki.pem(certificates.toArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the certificates of a PEM text, in order */
    static List<X509Certificate> parse(String text) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser pem = new PEMParser(new StringReader(text))) {
            for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
                certificates.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) object));
            }
        }
        return certificates;
    }

    /** @return the SHA-256 of the DER encoding, upper-case hex, as the certificate store gives it */
    static String thumbprint(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
