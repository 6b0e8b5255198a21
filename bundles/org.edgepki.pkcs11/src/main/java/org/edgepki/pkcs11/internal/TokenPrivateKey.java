package org.edgepki.pkcs11.internal;

import java.math.BigInteger;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * A handle to a private key on a token, for a TLS stack in this JVM: no key material, only where
 * the key is and how to have it sign ({@link TokenJcaProvider} does the signing). It tells JSSE
 * what it must know — the algorithm and the curve or modulus — from the public key; it cannot be
 * encoded or serialised.
 */
abstract sealed class TokenPrivateKey implements PrivateKey permits TokenPrivateKey.Ec, TokenPrivateKey.Rsa {
    private static final long serialVersionUID = 1L;

    /** Signs bytes with the token key; supplied by the key provider that made the handle. */
    interface Signer {
        byte[] sign(String algorithm, java.security.spec.AlgorithmParameterSpec parameters, byte[] data)
                throws java.security.SignatureException;
    }

    private final transient String keyId;
    private final transient URI location;
    private final transient Signer signer;

    TokenPrivateKey(String keyId, URI location, Signer signer) {
        this.keyId = keyId;
        this.location = location;
        this.signer = signer;
    }

    static TokenPrivateKey of(String keyId, URI location, PublicKey publicKey, Signer signer) {
        if (publicKey instanceof ECPublicKey ec) {
            return new Ec(keyId, location, signer, ec.getParams());
        }
        return new Rsa(keyId, location, signer, ((RSAPublicKey) publicKey).getModulus());
    }

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
        return getAlgorithm() + " private key " + keyId + " on a PKCS#11 token (" + location + ")";
    }

    private Object writeReplace() throws java.io.ObjectStreamException {
        throw new java.io.NotSerializableException("a PKCS#11 key handle cannot be serialised");
    }

    /** An EC key: JSSE reads the curve. */
    static final class Ec extends TokenPrivateKey implements ECKey {
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
    static final class Rsa extends TokenPrivateKey implements RSAKey {
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
