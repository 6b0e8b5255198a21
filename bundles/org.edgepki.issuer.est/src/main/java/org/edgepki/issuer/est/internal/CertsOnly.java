package org.edgepki.issuer.est.internal;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * The certificates of a PKCS#7 / CMS "certs-only" message (a SignedData without signers), the
 * body of EST's {@code application/pkcs7-mime} responses. Read with Bouncy Castle.
 */
final class CertsOnly {
    private CertsOnly() {
    }

    /**
     * @param der the DER encoding
     * @return the certificates, in the order of the message
     * @throws IllegalArgumentException naming what is wrong if the bytes are not a certs-only
     *     message with at least one certificate
     */
    static List<X509Certificate> parse(byte[] der) {
        try {
            Collection<X509CertificateHolder> holders = new CMSSignedData(der).getCertificates().getMatches(null);
            if (holders.isEmpty()) {
                throw new IllegalArgumentException("the PKCS#7 message holds no certificate");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder holder : holders) {
                certificates.add(converter.getCertificate(holder));
            }
            return certificates;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (CMSException | RuntimeException e) {
            // Bouncy Castle parses lazily: a malformed message can also fail while its certificates are read
            // (IllegalStateException, ClassCastException), so everything is inside this one guard.
            throw new IllegalArgumentException("the body is not a PKCS#7 certs-only message (" + e + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the PKCS#7 message holds an unreadable certificate ("
                    + e.getMessage() + ")");
        }
    }
}
