package org.edgepki.common.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/** PKCS#10 requests signed where the key lives. */
public final class CertificationRequests {
    private CertificationRequests() {
    }

    /** @return a subject holding only this common name */
    public static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    /** @return the DER encoding of a CSR for {@code key} with this subject */
    public static byte[] create(KeyService keys, KeyPairInfo key, X500Name subject) throws KeyException {
        return create(keys, key, subject, null);
    }

    /**
     * @param requested extensions to ask the issuer for (an extensionRequest attribute), or null
     * @return the DER encoding of a CSR for {@code key} with this subject
     */
    public static byte[] create(KeyService keys, KeyPairInfo key, X500Name subject, Extensions requested)
            throws KeyException {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject,
                    key.publicKey());
            if (requested != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested);
            }
            return builder.build(new KeyServiceContentSigner(keys, key)).getEncoded();
        } catch (RuntimeException e) {
            KeyException keyError = KeyServiceContentSigner.keyErrorIn(e);
            if (keyError != null) {
                throw keyError;
            }
            throw e;
        } catch (IOException e) {
            throw new KeyException(key.id(), "the certification request could not be encoded", false, e);
        }
    }
}
