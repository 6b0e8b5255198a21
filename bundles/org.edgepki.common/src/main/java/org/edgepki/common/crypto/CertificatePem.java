package org.edgepki.common.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Certificates as PEM text (Bouncy Castle), for events that announce them and for downloads. */
public final class CertificatePem {
    private CertificatePem() {
    }

    /**
     * @param chain certificates, in the order they are written
     * @return their PEM encoding
     */
    public static String of(List<X509Certificate> chain) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : chain) {
                pem.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory cannot fail", e);
        }
        return text.toString();
    }
}
