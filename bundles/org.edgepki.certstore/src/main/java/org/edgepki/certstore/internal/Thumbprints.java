package org.edgepki.certstore.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate thumbprints as IoT Hub (SHA-256) and DPS (SHA-1) show them: upper-case hex of the DER. */
final class Thumbprints {
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Thumbprints() {
    }

    static String sha256(X509Certificate certificate) throws CertificateEncodingException {
        return digest("SHA-256", certificate.getEncoded());
    }

    static String sha1(X509Certificate certificate) throws CertificateEncodingException {
        return digest("SHA-1", certificate.getEncoded());
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return UPPER_HEX.formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }
}
