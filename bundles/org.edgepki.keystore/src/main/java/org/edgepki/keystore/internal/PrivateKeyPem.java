package org.edgepki.keystore.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.edgepki.api.key.KeyException;

/**
 * Reads private keys from PEM text — PKCS#8 ({@code PRIVATE KEY}) and the traditional
 * {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY} that PKI tools emit — and writes PKCS#8 PEM.
 *
 * <p>Other blocks next to the key (certificates, {@code EC PARAMETERS}) are skipped, as OpenSSL
 * does, so a combined certificate-and-key file works. Errors say which rule the file breaks and
 * never chain the decoder's exception: its message may quote the content.
 */
final class PrivateKeyPem {
    static final String PKCS8_TYPE = "PRIVATE KEY";
    static final String ENCRYPTED_RULE =
            "encrypted private keys are not supported; store it unencrypted with mode 0600";

    private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END ".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> CERTIFICATE_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE",
            "TRUSTED CERTIFICATE");
    /** {@code openssl ecparam -genkey} writes the curve before the key. */
    private static final Set<String> IGNORED_TYPES = Set.of("EC PARAMETERS");

    private PrivateKeyPem() {
    }

    /**
     * @param content the file content
     * @param file the file, for messages
     * @return the one private key in the content
     * @throws KeyException naming the file if there is not exactly one readable, unencrypted key
     */
    static PrivateKeyInfo parse(byte[] content, String file) throws KeyException {
        PrivateKeyInfo key = null;
        List<String> otherTypes = new ArrayList<>();
        try (PemReader reader = new PemReader(
                new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII))) {
            for (PemObject pem = reader.readPemObject(); pem != null; pem = reader.readPemObject()) {
                if (IGNORED_TYPES.contains(pem.getType())) {
                    continue;
                }
                PrivateKeyInfo found = privateKeyIn(pem, file);
                if (found == null) {
                    otherTypes.add(pem.getType());
                } else if (key != null) {
                    throw new KeyException(file, "holds more than one private key; a key file holds exactly one");
                } else {
                    key = found;
                }
            }
        } catch (IOException | RuntimeException e) {
            // PemReader fails on a block without END line and on bad base64; tell which.
            throw new KeyException(file, hasUnterminatedBlock(content)
                    ? "the PEM is truncated: a BEGIN line has no matching END line"
                    : "the PEM is corrupt: its base64 content does not decode");
        }
        if (key != null) {
            return key;
        }
        if (otherTypes.stream().anyMatch(CERTIFICATE_TYPES::contains)) {
            throw new KeyException(file, "holds a CERTIFICATE where a private key is expected");
        }
        if (!otherTypes.isEmpty()) {
            throw new KeyException(file, "holds PEM blocks of type " + otherTypes
                    + " where a private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) is expected");
        }
        throw new KeyException(file, "holds no PEM private key: the file is empty or not PEM");
    }

    /**
     * @param key the PKCS#8 DER encoding of a private key
     * @return its PEM text as ASCII bytes; the caller should clear the array after use
     */
    static byte[] encode(byte[] key) {
        byte[] header = ("-----BEGIN " + PKCS8_TYPE + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] footer = ("\n-----END " + PKCS8_TYPE + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(key);
        byte[] pem = new byte[header.length + body.length + footer.length];
        System.arraycopy(header, 0, pem, 0, header.length);
        System.arraycopy(body, 0, pem, header.length, body.length);
        System.arraycopy(footer, 0, pem, header.length + body.length, footer.length);
        Arrays.fill(body, (byte) 0);
        return pem;
    }

    private static PrivateKeyInfo privateKeyIn(PemObject pem, String file) throws KeyException {
        String type = pem.getType();
        switch (type) {
            case PKCS8_TYPE:
                return decode(pem, file, () -> PrivateKeyInfo.getInstance(pem.getContent()));
            case "RSA PRIVATE KEY":
                requireUnencrypted(pem, file);
                return decode(pem, file, () -> new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(pem.getContent())));
            case "EC PRIVATE KEY":
                requireUnencrypted(pem, file);
                return decode(pem, file, () -> traditionalEcKey(pem.getContent()));
            case "ENCRYPTED PRIVATE KEY":
                throw new KeyException(file, ENCRYPTED_RULE);
            case "OPENSSH PRIVATE KEY":
                throw new KeyException(file, "the OpenSSH key format is not supported; convert the key to PKCS#8 PEM "
                        + "(openssl pkey -in old -out new)");
            case "DSA PRIVATE KEY":
                throw new KeyException(file, "key type DSA is not supported; use " + PrivateKeyDecoder.SUPPORTED);
            default:
                if (type.endsWith("PRIVATE KEY")) {
                    throw new KeyException(file, "the private key format " + type + " is not supported; "
                            + "use PKCS#8 PEM (PRIVATE KEY)");
                }
                return null;
        }
    }

    private static boolean hasUnterminatedBlock(byte[] content) {
        return occurrences(content, BEGIN) > occurrences(content, END);
    }

    private static int occurrences(byte[] content, byte[] marker) {
        int count = 0;
        for (int i = 0; i + marker.length <= content.length; i++) {
            if (Arrays.equals(content, i, i + marker.length, marker, 0, marker.length)) {
                count++;
            }
        }
        return count;
    }

    private static PrivateKeyInfo traditionalEcKey(byte[] content) throws IOException {
        ECPrivateKey ec = ECPrivateKey.getInstance(content);
        // Without the curve in the key, the algorithm identifier has no parameters and the
        // decoder reports the key as not on a supported named curve.
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                ec.getParametersObject()), ec);
    }

    private static void requireUnencrypted(PemObject pem, String file) throws KeyException {
        for (Object header : pem.getHeaders()) {
            if (header instanceof PemHeader h && "Proc-Type".equalsIgnoreCase(h.getName())
                    && h.getValue().contains("ENCRYPTED")) {
                throw new KeyException(file, ENCRYPTED_RULE);
            }
        }
    }

    private static PrivateKeyInfo decode(PemObject pem, String file, Der decoder) throws KeyException {
        try {
            return decoder.decode();
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file, "the " + pem.getType()
                    + " block is corrupt: its content is not a valid DER private key");
        }
    }

    @FunctionalInterface
    private interface Der {
        PrivateKeyInfo decode() throws IOException;
    }
}
