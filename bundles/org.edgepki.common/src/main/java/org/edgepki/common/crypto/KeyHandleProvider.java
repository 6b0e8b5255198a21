package org.edgepki.common.crypto;

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
 * A JCA provider whose signatures accept only {@link KeyHandle}s (of this copy of the class: each
 * bundle has its own) and sign through the handle's signer. JSSE picks signature implementations
 * from the JVM-wide provider list by key, so the provider is added there (last, so it is asked only
 * about its own handles) while the bundle that makes the handles runs, and removed when it stops.
 */
public final class KeyHandleProvider extends Provider {
    private static final long serialVersionUID = 1L;
    private static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "RSASSA-PSS");

    private KeyHandleProvider(String name, String info) {
        super(name, "1.0", info);
        for (String algorithm : ALGORITHMS) {
            putService(new Service(this, "Signature", algorithm, HandleSignature.class.getName(), List.of(),
                    Map.of("SupportedKeyClasses", KeyHandle.class.getName())) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new HandleSignature(algorithm);
                }

                @Override
                public boolean supportsParameter(Object parameter) {
                    return parameter instanceof KeyHandle;
                }
            });
        }
    }

    /**
     * Adds a provider for this bundle's handles to the JVM-wide list, once.
     *
     * @param name the provider's name, one per bundle ({@code edgepki-keys}, {@code edgepki-pkcs11})
     * @param info what it signs with
     */
    public static void install(String name, String info) {
        if (Security.getProvider(name) == null) {
            Security.addProvider(new KeyHandleProvider(name, info));
        }
    }

    /**
     * Removes it, so a new bundle version can add its own.
     *
     * @param name the provider's name
     */
    public static void uninstall(String name) {
        Security.removeProvider(name);
    }

    /** One signature operation: data is gathered, then signed through the handle in one call. */
    static final class HandleSignature extends SignatureSpi {
        private final String algorithm;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private KeyHandle key;
        private AlgorithmParameterSpec parameters;

        HandleSignature(String algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof KeyHandle handle)) {
                throw new InvalidKeyException("only edgepki key handles");
            }
            key = handle;
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
