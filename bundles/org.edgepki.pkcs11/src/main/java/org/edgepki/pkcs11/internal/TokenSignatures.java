package org.edgepki.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * JCA signature names done on a token with the two mechanisms every token has: the digest is
 * computed here, then {@code CKM_ECDSA} signs it (and its r‖s result becomes the DER the JCA
 * returns) or {@code CKM_RSA_PKCS} signs its DigestInfo (PKCS#1 v1.5).
 */
final class TokenSignatures {
    private record Digest(String name, ASN1ObjectIdentifier oid) {
    }

    private static final Map<String, Digest> DIGESTS = Map.of(
            "SHA256", new Digest("SHA-256", NISTObjectIdentifiers.id_sha256),
            "SHA384", new Digest("SHA-384", NISTObjectIdentifiers.id_sha384),
            "SHA512", new Digest("SHA-512", NISTObjectIdentifiers.id_sha512));

    private TokenSignatures() {
    }

    /**
     * @param algorithm a JCA name: SHA256/384/512 with ECDSA or RSA
     * @return the signature in the JCA encoding (DER for ECDSA)
     */
    static byte[] sign(Session session, TokenKeys.Objects key, String algorithm, byte[] data, String keyId)
            throws TokenException, KeyException {
        String upper = algorithm.toUpperCase();
        int with = upper.indexOf("WITH");
        Digest digest = with < 0 ? null : DIGESTS.get(upper.substring(0, with));
        String scheme = with < 0 ? "" : upper.substring(with + 4);
        boolean ec = key.algorithm() == KeyAlgorithm.EC_P256 || key.algorithm() == KeyAlgorithm.EC_P384;
        if (digest == null || !(scheme.equals("ECDSA") || scheme.equals("RSA"))) {
            throw new KeyException(keyId, "signature algorithm '" + algorithm + "' is not supported on a token"
                    + " (SHA256/384/512 with ECDSA or RSA)", false, null);
        }
        if (scheme.equals("ECDSA") != ec) {
            throw new KeyException(keyId, "signature algorithm " + algorithm + " does not fit the "
                    + key.algorithm().preferenceName() + " key", false, null);
        }
        byte[] hash = digest(digest.name(), data);
        if (ec) {
            return derSignature(session.signSingle(new Mechanism(CKM_ECDSA), key.privateKey(), hash));
        }
        byte[] digestInfo = encode(new DigestInfo(new AlgorithmIdentifier(digest.oid(), DERNull.INSTANCE), hash));
        return session.signSingle(new Mechanism(CKM_RSA_PKCS), key.privateKey(), digestInfo);
    }

    /** PKCS#11 ECDSA gives r‖s, each half the length; the JCA (and X.509) want SEQUENCE { r, s }. */
    static byte[] derSignature(byte[] plain) {
        int half = plain.length / 2;
        ASN1EncodableVector parts = new ASN1EncodableVector();
        parts.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(plain, 0, half))));
        parts.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(plain, half, plain.length))));
        return encode(new DERSequence(parts));
    }

    private static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
    }

    private static byte[] encode(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
