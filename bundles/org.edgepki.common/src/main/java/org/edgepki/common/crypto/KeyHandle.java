package org.edgepki.common.crypto;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.math.BigInteger;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * A handle to a private key that stays with its key provider (a file the key service reads, a
 * token), for a TLS stack or a signature in this JVM: no key material, only which key it is and how
 * to have it sign ({@link KeyHandleProvider} does the signing). It tells JSSE what it must know —
 * the algorithm and the curve or modulus — from the public key; it cannot be encoded or serialised,
 * and it is neither an {@code ECPrivateKey} nor an {@code RSAPrivateKey}, so no caller can read the
 * key out of it.
 */
public abstract sealed class KeyHandle implements PrivateKey permits KeyHandle.Ec, KeyHandle.Rsa {
    private static final long serialVersionUID = 1L;

    /** Signs bytes with the key; supplied by the key provider that made the handle. */
    public interface Signer {
        /**
         * @param algorithm a JCA signature name ({@code SHA256withECDSA}, {@code RSASSA-PSS}, ...)
         * @param parameters its parameters (PSS), or null
         * @param data the bytes to sign
         * @return the signature
         * @throws SignatureException if the key cannot sign them
         */
        byte[] sign(String algorithm, AlgorithmParameterSpec parameters, byte[] data) throws SignatureException;
    }

    private final transient String keyId;
    private final transient URI location;
    private final transient Signer signer;

    KeyHandle(String keyId, URI location, Signer signer) {
        this.keyId = keyId;
        this.location = location;
        this.signer = signer;
    }

    /**
     * @param keyId the key id, for messages
     * @param location where the key lives (shown without a PIN)
     * @param publicKey its public key (EC or RSA)
     * @param signer signs with it
     * @return a handle
     */
    public static KeyHandle of(String keyId, URI location, PublicKey publicKey, Signer signer) {
        if (publicKey instanceof ECPublicKey ec) {
            return new Ec(keyId, location, signer, ec.getParams());
        }
        return new Rsa(keyId, location, signer, ((RSAPublicKey) publicKey).getModulus());
    }

    /** @return what signs with the key */
    Signer signer() {
        return signer;
    }

    /** Not extractable: there is no encoding. */
    @Override
    public final String getFormat() {
        return null;
    }

    @Override
    public final byte[] getEncoded() {
        return null;
    }

    @Override
    public final String toString() {
        return getAlgorithm() + " private key " + keyId + " (" + location + "), a handle without key material";
    }

    /**
     * Refuses serialisation (protected, not private: serialisation looks for it in the subclasses too).
     *
     * @return never
     * @throws ObjectStreamException always
     */
    protected final Object writeReplace() throws ObjectStreamException {
        throw new NotSerializableException("a key handle cannot be serialised");
    }

    /** An EC key: JSSE reads the curve. */
    public static final class Ec extends KeyHandle implements ECKey {
        private static final long serialVersionUID = 1L;
        private final transient ECParameterSpec parameters;

        Ec(String keyId, URI location, Signer signer, ECParameterSpec parameters) {
            super(keyId, location, signer);
            this.parameters = parameters;
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public ECParameterSpec getParams() {
            return parameters;
        }
    }

    /** An RSA key: JSSE reads the modulus length. */
    public static final class Rsa extends KeyHandle implements RSAKey {
        private static final long serialVersionUID = 1L;
        private final transient BigInteger modulus;

        Rsa(String keyId, URI location, Signer signer, BigInteger modulus) {
            super(keyId, location, signer);
            this.modulus = modulus;
        }

        @Override
        public String getAlgorithm() {
            return "RSA";
        }

        @Override
        public BigInteger getModulus() {
            return modulus;
        }
    }
}
