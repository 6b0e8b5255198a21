package org.edgepki.edge.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** A certificate chain as PEM text, for events that announce it (certificates are public). */
final class EdgeCaPem {
    private EdgeCaPem() {
    }

    static String of(List<X509Certificate> chain) {
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
