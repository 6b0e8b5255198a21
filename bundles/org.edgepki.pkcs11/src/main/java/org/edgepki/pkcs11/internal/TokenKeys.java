package org.edgepki.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS_BITS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * Key objects on a token, found by the URI's {@code object} (CKA_LABEL) and {@code id} (CKA_ID):
 * the private key and the public key next to it. Keys edgepki generates are token objects —
 * persistent, private, sensitive, never extractable — labelled with the key id, with one random
 * CKA_ID shared by both halves.
 */
final class TokenKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_BYTES = 16;
    /** How often, and how long apart, a private key's missing public half is looked for again. */
    private static final int PUBLIC_KEY_LOOKS = 20;
    private static final long PUBLIC_KEY_PAUSE_MILLIS = 50;

    private TokenKeys() {
    }

    /** A key pair's objects on the token. */
    record Objects(long privateKey, long publicKey, KeyAlgorithm algorithm, PublicKey key) {
    }

    /** @return the key pair the URI selects, or empty when no private key matches */
    static Optional<Objects> find(Session session, Pkcs11Uri uri, String shown) throws TokenException, KeyException {
        if (uri.pathAttribute("type").filter(type -> !type.equals("private")).isPresent()) {
            throw new KeyException(shown, "type=" + uri.pathAttribute("type").get() + " does not name a private key;"
                    + " use type=private or leave type out", false, null);
        }
        if (uri.pathAttribute("object").isEmpty() && uri.pathAttribute("id").isEmpty()) {
            throw new KeyException(shown, "names no key: give object= (the label) or id=", false, null);
        }
        long[] privateKeys = session.findAllObjectsSingle(template(CKO_PRIVATE_KEY, uri));
        if (privateKeys.length == 0) {
            return Optional.empty();
        }
        if (privateKeys.length > 1) {
            throw new KeyException(shown, "matches " + privateKeys.length + " private keys; add id= to choose one",
                    false, null);
        }
        AttributeVector privateAttributes = session.getAttrValues(privateKeys[0], CKA_ID, CKA_LABEL, CKA_KEY_TYPE);
        AttributeVector publicSearch = new AttributeVector().attr(CKA_CLASS, CKO_PUBLIC_KEY);
        byte[] id = privateAttributes.getByteArrayAttrValue(CKA_ID);
        if (id != null && id.length > 0) {
            publicSearch.attr(CKA_ID, id);
        } else {
            publicSearch.attr(CKA_LABEL, privateAttributes.getStringAttrValue(CKA_LABEL));
        }
        long[] publicKeys = session.findAllObjectsSingle(publicSearch);
        // The public half can be missing for a moment: another program using the token (or another session) may
        // be creating the pair, or, with SoftHSM2, reading the object's file while this session looks. It is
        // looked for again for up to a second before the pair is called broken, and even then retryably.
        for (int look = 1; publicKeys.length == 0 && look <= PUBLIC_KEY_LOOKS; look++) {
            try {
                Thread.sleep(PUBLIC_KEY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            publicKeys = session.findAllObjectsSingle(publicSearch);
        }
        if (publicKeys.length != 1) {
            throw new KeyException(shown, publicKeys.length == 0
                    ? "the private key has no public key object with its CKA_ID or label next to it"
                    : "the private key's CKA_ID matches " + publicKeys.length + " public keys", publicKeys.length == 0,
                    null);
        }
        Long keyType = privateAttributes.getLongAttrValue(CKA_KEY_TYPE);
        PublicKey publicKey = keyType != null && keyType == CKK_EC ? ecPublicKey(session, publicKeys[0], shown)
                : keyType != null && keyType == CKK_RSA ? rsaPublicKey(session, publicKeys[0]) : null;
        if (publicKey == null) {
            throw new KeyException(shown, "is neither an EC nor an RSA key", false, null);
        }
        return Optional.of(new Objects(privateKeys[0], publicKeys[0], algorithm(publicKey, shown), publicKey));
    }

    /** Generates a persistent, non-extractable key pair labelled with the URI's object. */
    static Objects generate(Session session, Pkcs11Uri uri, KeyAlgorithm algorithm, String shown)
            throws TokenException, KeyException {
        String label = uri.pathAttribute("object").orElseThrow(() -> new KeyException(shown,
                "a key to generate needs object= (its label)", false, null));
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        boolean ec = algorithm == KeyAlgorithm.EC_P256 || algorithm == KeyAlgorithm.EC_P384;
        KeyPairTemplate template = new KeyPairTemplate(ec ? CKK_EC : CKK_RSA).token(true).labels(label).id(id)
                .signVerify(true).private_(true, false).modifiable(true);
        template.privateKey().attr(CKA_SENSITIVE, true).attr(CKA_EXTRACTABLE, false);
        if (ec) {
            ASN1ObjectIdentifier curve = algorithm == KeyAlgorithm.EC_P256 ? SECObjectIdentifiers.secp256r1
                    : SECObjectIdentifiers.secp384r1;
            template.publicKey().attr(CKA_EC_PARAMS, encoded(curve));
        } else {
            int bits = switch (algorithm) {
                case RSA_3072 -> 3072;
                case RSA_4096 -> 4096;
                default -> 2048;
            };
            template.publicKey().attr(CKA_MODULUS_BITS, bits).attr(CKA_PUBLIC_EXPONENT, BigInteger.valueOf(65537)
                    .toByteArray());
        }
        PKCS11KeyPair pair = session.generateKeyPair(new Mechanism(ec ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN),
                template);
        PublicKey publicKey = ec ? ecPublicKey(session, pair.getPublicKey(), shown)
                : rsaPublicKey(session, pair.getPublicKey());
        return new Objects(pair.getPrivateKey(), pair.getPublicKey(), algorithm, publicKey);
    }

    /** Destroys the private and the public key the URI selects; nothing there is not an error. */
    static void destroy(Session session, Pkcs11Uri uri, String shown) throws TokenException, KeyException {
        Optional<Objects> found = find(session, uri, shown);
        if (found.isPresent()) {
            session.destroyObject(found.get().privateKey());
            session.destroyObject(found.get().publicKey());
        }
    }

    /** Gives both halves a new label. */
    static void relabel(Session session, Objects objects, String label) throws TokenException {
        session.setAttributeValues(objects.privateKey(), new AttributeVector().attr(CKA_LABEL, label));
        session.setAttributeValues(objects.publicKey(), new AttributeVector().attr(CKA_LABEL, label));
    }

    private static AttributeVector template(long objectClass, Pkcs11Uri uri) {
        AttributeVector template = new AttributeVector().attr(CKA_CLASS, objectClass);
        uri.pathAttribute("object").ifPresent(label -> template.attr(CKA_LABEL, label));
        uri.pathAttributeBytes("id").ifPresent(id -> template.attr(CKA_ID, id));
        return template;
    }

    private static PublicKey ecPublicKey(Session session, long handle, String shown) throws TokenException, KeyException {
        AttributeVector attributes = session.getAttrValues(handle, CKA_EC_PARAMS, CKA_EC_POINT);
        try {
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(attributes.getByteArrayAttrValue(CKA_EC_PARAMS));
            byte[] raw = ecPoint(curve, attributes.getByteArrayAttrValue(CKA_EC_POINT));
            SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), raw);
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (RuntimeException | java.io.IOException e) {
            throw new KeyException(shown, "its EC public key cannot be read: " + e.getMessage(), false, null);
        }
    }

    /**
     * CKA_EC_POINT is a DER OCTET STRING holding the point, but some tokens give the bare point.
     * Both start with 0x04, so the length decides: an uncompressed point is 2 × field size + 1.
     */
    static byte[] ecPoint(ASN1ObjectIdentifier curve, byte[] value) {
        org.bouncycastle.asn1.x9.X9ECParameters parameters = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(curve);
        if (parameters != null) {
            int pointLength = 2 * ((parameters.getCurve().getFieldSize() + 7) / 8) + 1;
            if (value.length == pointLength && value[0] == 0x04) {
                return value;
            }
        }
        return ASN1OctetString.getInstance(value).getOctets();
    }

    private static PublicKey rsaPublicKey(Session session, long handle) throws TokenException, KeyException {
        AttributeVector attributes = session.getAttrValues(handle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
        BigInteger modulus = new BigInteger(1, attributes.getByteArrayAttrValue(CKA_MODULUS));
        BigInteger exponent = new BigInteger(1, attributes.getByteArrayAttrValue(CKA_PUBLIC_EXPONENT));
        try {
            SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                    PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (java.io.IOException e) {
            throw new KeyException("RSA public key", "cannot be read: " + e.getMessage(), false, null);
        }
    }

    private static KeyAlgorithm algorithm(PublicKey key, String shown) throws KeyException {
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits == 256) {
                return KeyAlgorithm.EC_P256;
            }
            if (bits == 384) {
                return KeyAlgorithm.EC_P384;
            }
        }
        if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            switch (rsa.getModulus().bitLength()) {
                case 2048:
                    return KeyAlgorithm.RSA_2048;
                case 3072:
                    return KeyAlgorithm.RSA_3072;
                case 4096:
                    return KeyAlgorithm.RSA_4096;
                default:
                    break;
            }
        }
        throw new KeyException(shown, "holds a key edgepki does not use (EC P-256/P-384 or RSA 2048/3072/4096 only)",
                false, null);
    }

    private static byte[] encoded(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
