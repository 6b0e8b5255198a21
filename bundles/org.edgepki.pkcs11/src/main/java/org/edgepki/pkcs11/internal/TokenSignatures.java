package org.edgepki.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA384;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA512;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_PSS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA384;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA512;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
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
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * JCA signature names done on a token with the mechanisms tokens have: the digest is computed
 * here, then {@code CKM_ECDSA} signs it (and its r‖s result becomes the DER the JCA returns),
 * {@code CKM_RSA_PKCS} signs its DigestInfo (PKCS#1 v1.5), or {@code CKM_RSA_PKCS_PSS} signs it
 * with PSS (TLS 1.3 with RSA keys).
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
        return sign(session, key, algorithm, null, data, keyId);
    }

    /**
     * @param parameters for {@code RSASSA-PSS} its {@link PSSParameterSpec} (MGF1, same digest), else null
     */
    static byte[] sign(Session session, TokenKeys.Objects key, String algorithm, AlgorithmParameterSpec parameters,
            byte[] data, String keyId) throws TokenException, KeyException {
        if (algorithm.equalsIgnoreCase("RSASSA-PSS")) {
            return pss(session, key, parameters, data, keyId);
        }
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

    private static byte[] pss(Session session, TokenKeys.Objects key, AlgorithmParameterSpec parameters, byte[] data,
            String keyId) throws TokenException, KeyException {
        if (!(parameters instanceof PSSParameterSpec pss) || !"MGF1".equalsIgnoreCase(pss.getMGFAlgorithm())
                || !(pss.getMGFParameters() instanceof MGF1ParameterSpec mgf)
                || !mgf.getDigestAlgorithm().equalsIgnoreCase(pss.getDigestAlgorithm())) {
            throw new KeyException(keyId, "RSASSA-PSS needs PSS parameters with MGF1 over the same digest", false, null);
        }
        if (key.algorithm() == KeyAlgorithm.EC_P256 || key.algorithm() == KeyAlgorithm.EC_P384) {
            throw new KeyException(keyId, "RSASSA-PSS does not fit the " + key.algorithm().preferenceName() + " key",
                    false, null);
        }
        long[] mechanisms = switch (pss.getDigestAlgorithm().toUpperCase().replace("-", "")) {
            case "SHA256" -> new long[] {CKM_SHA256, CKG_MGF1_SHA256};
            case "SHA384" -> new long[] {CKM_SHA384, CKG_MGF1_SHA384};
            case "SHA512" -> new long[] {CKM_SHA512, CKG_MGF1_SHA512};
            default -> throw new KeyException(keyId, "RSASSA-PSS with " + pss.getDigestAlgorithm()
                    + " is not supported (SHA-256/384/512)", false, null);
        };
        byte[] hash = digest(pss.getDigestAlgorithm(), data);
        Mechanism mechanism = new Mechanism(CKM_RSA_PKCS_PSS,
                new RSA_PKCS_PSS_PARAMS(mechanisms[0], mechanisms[1], pss.getSaltLength()));
        return session.signSingle(mechanism, key.privateKey(), hash);
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
