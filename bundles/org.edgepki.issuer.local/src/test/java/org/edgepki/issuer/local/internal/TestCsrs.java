package org.edgepki.issuer.local.internal;

import java.io.IOException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds DER PKCS#10 requests for tests, the way a requester holding the key would. */
final class TestCsrs {
    private TestCsrs() {
    }

    /** @return a CSR for the key pair's public key, signed by its private key */
    static byte[] signedBy(Provider provider, KeyPair pair, String subject) {
        return signedBy(provider, pair, pair, subject);
    }

    /** @return a CSR naming {@code subjectKey}'s public key but signed by {@code signingKey} */
    static byte[] signedBy(Provider provider, KeyPair subjectKey, KeyPair signingKey, String subject) {
        String algorithm = signingKey.getPublic() instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), subjectKey.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(signingKey.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
