package org.edgepki.keystore.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.crypto.CryptoProviders;

/**
 * Turns a PKCS#8 structure into a {@link LoadedKey} of a supported type, deriving the public key
 * from the private one (a PKCS#8 file need not carry it).
 *
 * <p>Errors never chain the ASN.1 library's exception: its messages may quote parts of the
 * structure, which is private key material.
 */
final class PrivateKeyDecoder {
    static final String SUPPORTED = "ec-p256, ec-p384, rsa-2048, rsa-3072 or rsa-4096";

    private static final Map<ASN1ObjectIdentifier, String> UNSUPPORTED_TYPES = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_dsa, "DSA");

    private PrivateKeyDecoder() {
    }

    /**
     * @param info the PKCS#8 structure
     * @param subject the file or key id the key came from, for messages
     * @return the key pair
     * @throws KeyException if the key type or size is not supported, or the structure is corrupt
     */
    static LoadedKey decode(PrivateKeyInfo info, String subject)
            throws KeyException {
        ASN1ObjectIdentifier type = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
                return decodeRsa(info, subject);
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
                return decodeEc(info, subject);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw corrupt(subject);
        }
        String name = UNSUPPORTED_TYPES.getOrDefault(type, "OID " + type.getId());
        throw new KeyException(subject,
                "key type " + name + " is not supported; use " + SUPPORTED);
    }

    private static LoadedKey decodeRsa(PrivateKeyInfo info, String subject)
            throws IOException, GeneralSecurityException, KeyException {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
        int bits = rsa.getModulus().bitLength();
        KeyAlgorithm algorithm = switch (bits) {
            case 2048 -> KeyAlgorithm.RSA_2048;
            case 3072 -> KeyAlgorithm.RSA_3072;
            case 4096 -> KeyAlgorithm.RSA_4096;
            default -> throw new KeyException(subject,
                    "key size RSA " + bits + " bits is not supported; use " + SUPPORTED);
        };
        SubjectPublicKeyInfo publicInfo = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()));
        return keyPair(algorithm, "RSA", info, publicInfo);
    }

    private static LoadedKey decodeEc(PrivateKeyInfo info, String subject)
            throws IOException, GeneralSecurityException, KeyException {
        ASN1Encodable parameters = info.getPrivateKeyAlgorithm().getParameters();
        if (parameters == null || parameters instanceof ASN1Null) {
            throw new KeyException(subject, "the EC private key does not name its curve; "
                    + "write it as PKCS#8 (openssl pkcs8 -topk8 -nocrypt) or with its parameters");
        }
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new KeyException(subject,
                    "EC keys with explicit curve parameters are not supported; use a named curve: " + SUPPORTED);
        }
        KeyAlgorithm algorithm;
        if (SECObjectIdentifiers.secp256r1.equals(curve)) {
            algorithm = KeyAlgorithm.EC_P256;
        } else if (SECObjectIdentifiers.secp384r1.equals(curve)) {
            algorithm = KeyAlgorithm.EC_P384;
        } else {
            String name = ECNamedCurveTable.getName(curve);
            throw new KeyException(subject, "EC curve " + (name != null ? name : curve.getId())
                    + " is not supported; use " + SUPPORTED);
        }
        X9ECParameters domain = ECNamedCurveTable.getByOID(curve);
        BigInteger d = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
            throw corrupt(subject);
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        SubjectPublicKeyInfo publicInfo = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), q.getEncoded(false));
        return keyPair(algorithm, "EC", info, publicInfo);
    }

    // The JCA names "RSA" and "EC" (not Bouncy Castle's "ECDSA") matter: JSSE compares them with
    // the certificate's key algorithm when it picks a key for a TLS handshake.
    private static LoadedKey keyPair(KeyAlgorithm algorithm, String jcaName, PrivateKeyInfo info,
            SubjectPublicKeyInfo publicInfo) throws IOException, GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance(jcaName);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(publicInfo.getEncoded()));
        return new LoadedKey(algorithm, privateKey, publicKey, factory.getProvider());
    }

    private static KeyException corrupt(String subject) {
        return new KeyException(subject,
                "the private key is corrupt: its DER structure does not decode");
    }
}
