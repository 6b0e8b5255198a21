package org.edgepki.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Writes certificates as PEM files for openssl. */
final class Pem {
    private Pem() {
    }

    static Path write(Path file, List<X509Certificate> certificates) {
        try {
            return Files.writeString(file, TestPki.pem(certificates.toArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
