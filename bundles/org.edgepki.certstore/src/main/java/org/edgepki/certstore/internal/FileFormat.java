package org.edgepki.certstore.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * What a certificate or credential file holds, told from its content and never from its name.
 * Bouncy Castle parses the DER; this only looks at the shape of the outer structure to tell a
 * certificate from a PKCS#12 file or a private key, which all start with a SEQUENCE.
 */
enum FileFormat {
    /** No bytes, or only white space. */
    EMPTY,
    /** Text with at least one PEM block; the blocks are read by PEMParser. */
    PEM,
    /** One DER X.509 certificate. */
    DER_CERTIFICATE,
    /** A DER private key: PKCS#8, encrypted PKCS#8, or a traditional RSA, DSA or EC key. */
    DER_PRIVATE_KEY,
    /** A DER PKCS#12 (PFX) file. */
    PKCS12,
    /** Well-formed DER that is none of the above. */
    OTHER_DER,
    /** Starts like DER but is truncated or corrupt. */
    CORRUPT_DER,
    /** Neither PEM nor DER. */
    UNKNOWN;

    private static final byte DER_SEQUENCE = 0x30;
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final BigInteger PFX_VERSION = BigInteger.valueOf(3);

    /**
     * @param content the whole file
     * @return its format
     */
    static FileFormat of(byte[] content) {
        String latin1 = new String(content, StandardCharsets.ISO_8859_1);
        if (latin1.isBlank()) {
            return EMPTY;
        }
        if (content[0] == DER_SEQUENCE) {
            ASN1Primitive der = parseDer(content);
            if (der != null) {
                return shapeOf(der);
            }
        }
        if (latin1.contains(PEM_BEGIN)) {
            return PEM;
        }
        return content[0] == DER_SEQUENCE ? CORRUPT_DER : UNKNOWN;
    }

    /** @return the parsed structure, or null if the content is not one complete DER object */
    private static ASN1Primitive parseDer(byte[] content) {
        try {
            return ASN1Primitive.fromByteArray(content);
        } catch (IOException | RuntimeException e) {
            // Not DER: the caller falls back to PEM or reports corrupt DER, and the reader that
            // then parses the file reports Bouncy Castle's own error as the cause.
            return null;
        }
    }

    private static FileFormat shapeOf(ASN1Primitive der) {
        if (!(der instanceof ASN1Sequence sequence) || sequence.size() < 2) {
            return OTHER_DER;
        }
        ASN1Encodable first = sequence.getObjectAt(0);
        ASN1Encodable second = sequence.getObjectAt(1);
        if (sequence.size() == 3 && first instanceof ASN1Sequence && second instanceof ASN1Sequence
                && sequence.getObjectAt(2) instanceof ASN1BitString) {
            return DER_CERTIFICATE;
        }
        if (first instanceof ASN1Integer version && version.hasValue(PFX_VERSION) && second instanceof ASN1Sequence
                && sequence.size() <= 3) {
            return PKCS12;
        }
        if (isPrivateKey(sequence, first, second)) {
            return DER_PRIVATE_KEY;
        }
        return OTHER_DER;
    }

    private static boolean isPrivateKey(ASN1Sequence sequence, ASN1Encodable first, ASN1Encodable second) {
        boolean pkcs8 = first instanceof ASN1Integer && second instanceof ASN1Sequence && sequence.size() >= 3
                && sequence.getObjectAt(2) instanceof ASN1OctetString;
        boolean encryptedPkcs8 = first instanceof ASN1Sequence && second instanceof ASN1OctetString
                && sequence.size() == 2;
        boolean traditionalRsaOrDsa = first instanceof ASN1Integer && second instanceof ASN1Integer
                && sequence.size() >= 6;
        boolean traditionalEc = first instanceof ASN1Integer version && version.hasValue(BigInteger.ONE)
                && second instanceof ASN1OctetString;
        return pkcs8 || encryptedPkcs8 || traditionalRsaOrDsa || traditionalEc;
    }
}
