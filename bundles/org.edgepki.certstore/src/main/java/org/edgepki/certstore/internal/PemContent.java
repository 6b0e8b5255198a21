package org.edgepki.certstore.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.edgepki.api.cert.CertificateStoreException;

/** The objects of a PEM file, as Bouncy Castle's {@link PEMParser} reads them. */
final class PemContent {
    /** The rule broken by a private key found where only certificates may be. */
    static final String PRIVATE_KEY_RULE = "holds a private key where a certificate is expected";

    private PemContent() {
    }

    /**
     * @param file the file, for messages
     * @param content its bytes
     * @return the parsed PEM objects in file order
     * @throws CertificateStoreException naming the file if a PEM block is truncated or corrupt
     */
    static List<Object> objectsIn(Path file, byte[] content) throws CertificateStoreException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(
                new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports bad Base64 and bad DER inside a block with runtime exceptions.
            // Its message stays out of the rule: the broken block may be a private key.
            throw new CertificateStoreException(file.toString(), "holds truncated or corrupt PEM", false, e);
        }
        return objects;
    }

    /** @return whether PEMParser returned this for a private key block (any key type, encrypted or not) */
    static boolean isPrivateKey(Object object) {
        return object instanceof PEMKeyPair || object instanceof PrivateKeyInfo
                || object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** @return whether this is the EC PARAMETERS block {@code openssl ecparam -genkey} writes before a key */
    static boolean isEcParameters(Object object) {
        return object instanceof ASN1ObjectIdentifier;
    }

    /** @return what a PEM object that is neither a certificate nor a key is, for messages */
    static String describe(Object object) {
        if (object instanceof X509CRLHolder) {
            return "a certificate revocation list";
        }
        if (object instanceof PKCS10CertificationRequest) {
            return "a certificate request";
        }
        if (object instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (isEcParameters(object)) {
            return "EC parameters";
        }
        return "a PEM block of type " + object.getClass().getSimpleName();
    }
}
