package org.edgepki.common.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** Whether a certificate was issued by a CA: its issuer name is the CA's subject and the CA's key verifies it. */
public final class IssuedBy {
    private IssuedBy() {
    }

    /** @return whether {@code ca} issued {@code certificate} */
    public static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
