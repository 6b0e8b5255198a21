package org.edgepki.common.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/**
 * A Bouncy Castle {@link ContentSigner} that signs through the key service, so certificates and
 * CSRs are signed where the key lives (file or token) and the private key never reaches us.
 * Single use, like every ContentSigner.
 */
public final class KeyServiceContentSigner implements ContentSigner {
    private final KeyService keys;
    private final String keyId;
    private final String jcaAlgorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream(1024);

    /**
     * @param keys the key service
     * @param key the signing key
     */
    public KeyServiceContentSigner(KeyService keys, KeyPairInfo key) {
        this.keys = keys;
        this.keyId = key.id();
        this.jcaAlgorithm = SignatureAlgorithms.forKey(key.algorithm());
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaAlgorithm);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return content;
    }

    @Override
    public byte[] getSignature() {
        try {
            return keys.sign(keyId, jcaAlgorithm, content.toByteArray());
        } catch (KeyException e) {
            throw new RuntimeOperatorException(e.getMessage(), e);
        }
    }

    /**
     * @param e an exception thrown by a Bouncy Castle builder that used this signer
     * @return the key service's error inside it, if that is what it was
     */
    public static KeyException keyErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeyException keyException) {
                return keyException;
            }
        }
        return null;
    }
}
