package org.edgepki.tools.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;

/**
 * Loads the root and intermediate CA an earlier step wrote, and refuses them, naming the file,
 * when they could not sign a chain that verifies: missing, expired, not a CA, key of another
 * certificate, or an intermediate from a replaced root.
 */
final class CaFiles {
    private final DemoLayout layout;
    private final Clock clock;
    private final SecureRandom random;
    private final Provider provider;
    private final PemFiles pem;

    CaFiles(DemoLayout layout, Clock clock, SecureRandom random, Provider provider) {
        this.layout = layout;
        this.clock = clock;
        this.random = random;
        this.provider = provider;
        this.pem = new PemFiles(provider);
    }

    Credential root() throws DemoPkiException {
        return loadCa("root CA", layout.rootCertificate(), layout.rootKey(), "root");
    }

    IssuingChain intermediateWithRoot() throws DemoPkiException {
        X509Certificate root = loadCertificate("root CA", layout.rootCertificate(), "root");
        Credential intermediate = loadCa("intermediate CA", layout.intermediateCertificate(),
                layout.intermediateKey(), "intermediate");
        try {
            intermediate.certificate().verify(root.getPublicKey(), provider);
        } catch (GeneralSecurityException e) {
            throw new DemoPkiException(layout.intermediateCertificate() + " was not issued by "
                    + layout.rootCertificate() + "; run the 'intermediate' step again", e);
        }
        return new IssuingChain(intermediate, root);
    }

    private Credential loadCa(String what, Path certificateFile, Path keyFile, String step)
            throws DemoPkiException {
        X509Certificate certificate = loadCertificate(what, certificateFile, step);
        if (certificate.getBasicConstraints() < 0) {
            throw new DemoPkiException(certificateFile + " is not a CA certificate");
        }
        if (!Files.exists(keyFile)) {
            throw new DemoPkiException("no private key at " + keyFile + " for " + certificateFile);
        }
        Credential credential = new Credential(certificate, pem.readPrivateKey(keyFile));
        if (!credential.keyMatchesCertificate(provider, random)) {
            throw new DemoPkiException(keyFile + " is not the private key of " + certificateFile);
        }
        return credential;
    }

    private X509Certificate loadCertificate(String what, Path file, String step) throws DemoPkiException {
        if (!Files.exists(file)) {
            throw new DemoPkiException("no " + what + " certificate at " + file + "; run the '" + step
                    + "' step first");
        }
        X509Certificate certificate = pem.readCertificate(file);
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new DemoPkiException(file + " expired on " + certificate.getNotAfter().toInstant()
                    + "; run the '" + step + "' step again with --force", e);
        } catch (CertificateNotYetValidException e) {
            throw new DemoPkiException(file + " is not valid before " + certificate.getNotBefore().toInstant(), e);
        }
        return certificate;
    }
}
