package org.edgepki.console.pages;

import java.io.IOException;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Certificates as PEM, through Bouncy Castle. */
final class Pem {
    private Pem() {
    }

    static String of(List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to a string cannot fail", e);
        }
        return text.toString();
    }
}
