package org.edgepki.pkcs11.internal;

import java.io.ByteArrayOutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;

/**
 * A JCA provider whose signatures accept only {@link TokenPrivateKey} handles and sign on the
 * token. JSSE picks signature implementations from the JVM-wide provider list by key, so the
 * provider is added there (last, so it is asked only about its own keys) while the PKCS#11 bridge
 * runs, and removed when it stops.
 */
final class TokenJcaProvider extends Provider {
    static final String NAME = "edgepki-pkcs11";
    private static final long serialVersionUID = 1L;
    private static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "RSASSA-PSS");

    TokenJcaProvider() {
        super(NAME, "1.0", "edgepki: signatures with keys on PKCS#11 tokens");
        for (String algorithm : ALGORITHMS) {
            putService(new Service(this, "Signature", algorithm, TokenSignature.class.getName(), List.of(),
                    Map.of("SupportedKeyClasses", TokenPrivateKey.class.getName())) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new TokenSignature(algorithm);
                }

                @Override
                public boolean supportsParameter(Object parameter) {
                    return parameter instanceof TokenPrivateKey;
                }
            });
        }
    }

    /** Adds the provider to the JVM-wide list, once. */
    static void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new TokenJcaProvider());
        }
    }

    /** Removes it, so a new bundle version can add its own. */
    static void uninstall() {
        Security.removeProvider(NAME);
    }

    /** One signature operation: data is gathered, then signed on the token in one call. */
    static final class TokenSignature extends SignatureSpi {
        private final String algorithm;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private TokenPrivateKey key;
        private AlgorithmParameterSpec parameters;

        TokenSignature(String algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof TokenPrivateKey tokenKey)) {
                throw new InvalidKeyException("only keys on a PKCS#11 token");
            }
            key = tokenKey;
            data.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("verification is done by the JDK's own providers");
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
            if (spec != null && !(spec instanceof PSSParameterSpec)) {
                throw new InvalidAlgorithmParameterException("only PSS parameters");
            }
            parameters = spec;
        }

        @Override
        protected void engineUpdate(byte b) {
            data.write(b);
        }

        @Override
        protected void engineUpdate(byte[] bytes, int offset, int length) {
            data.write(bytes, offset, length);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            try {
                return key.signer().sign(algorithm, parameters, data.toByteArray());
            } finally {
                data.reset();
            }
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            throw new SignatureException("verification is done by the JDK's own providers");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String name, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String name) {
            throw new UnsupportedOperationException();
        }
    }
}
