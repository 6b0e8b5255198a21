package org.edgepki.common.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate thumbprints as IoT Hub (SHA-256) and DPS (SHA-1) show them: upper-case hex of the DER. */
public final class Thumbprints {
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Thumbprints() {
    }

    /** @return the SHA-256 thumbprint (IoT Hub's) */
    public static String sha256(X509Certificate certificate) {
        return digest("SHA-256", der(certificate));
    }

    /** @return the SHA-1 thumbprint (the DPS portal's) */
    public static String sha1(X509Certificate certificate) {
        return digest("SHA-1", der(certificate));
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            // a parsed certificate has its encoding: this is a broken provider
            throw new IllegalStateException("the certificate has no DER encoding", e);
        }
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return UPPER_HEX.formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }
}
