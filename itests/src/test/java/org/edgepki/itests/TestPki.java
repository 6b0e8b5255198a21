package org.edgepki.itests;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small PKI made by the test, as an operator's PKI would hand out files: a root CA and Edge CA
 * candidates, some of them deliberately wrong.
 */
final class TestPki {
    private final SecureRandom random = new SecureRandom();
    final KeyPair rootKey = ecKey();
    final X509Certificate root;

    /** A PKI whose root lives a year. */
    TestPki() {
        this(Duration.ofDays(365));
    }

    /** @param rootLifetime how long the root lives, from a minute ago */
    TestPki(Duration rootLifetime) {
        root = certificate("CN=edgepki test root", rootKey.getPublic(), null, rootKey, true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign, Instant.now().minusSeconds(60), rootLifetime);
    }

    /** An Edge CA signed by the root; the arguments make it right or wrong. */
    Issued edgeCa(String cn, boolean ca, int keyUsage, Instant notBefore, Duration lifetime) {
        KeyPair key = ecKey();
        return new Issued(certificate("CN=" + cn, key.getPublic(), root, rootKey, ca, keyUsage, notBefore, lifetime), key);
    }

    /** A good Edge CA certificate for a key kept elsewhere (on a token, say). */
    X509Certificate edgeCaFor(String cn, java.security.PublicKey key) {
        return certificate("CN=" + cn, key, root, rootKey, true, KeyUsage.keyCertSign | KeyUsage.digitalSignature,
                Instant.now().minusSeconds(60), Duration.ofDays(30));
    }

    /**
     * An Edge CA a lax PKI would issue: usable, but departing from the documented profile.
     *
     * @param pathLength its basicConstraints pathlen (the documentation asks for 0)
     * @param keyUsageCritical whether its keyUsage is marked critical (the documentation asks for it)
     */
    Issued laxEdgeCa(String cn, int pathLength, boolean keyUsageCritical) {
        KeyPair key = ecKey();
        return new Issued(certificate("CN=" + cn, key.getPublic(), root, rootKey, new BasicConstraints(pathLength),
                KeyUsage.keyCertSign | KeyUsage.digitalSignature, keyUsageCritical, Instant.now().minusSeconds(60),
                Duration.ofDays(30)), key);
    }

    Issued goodEdgeCa() {
        return edgeCa("edgepki test Edge CA", true, KeyUsage.keyCertSign | KeyUsage.digitalSignature,
                Instant.now().minusSeconds(60), Duration.ofDays(30));
    }

    /** A certificate and its key. */
    record Issued(X509Certificate certificate, KeyPair key) {
    }

    /** Writes the chain (certificate, root) as PEM, 0644. */
    Path writeChain(Path file, X509Certificate certificate) {
        write(file, pem(certificate, root), "rw-r--r--");
        return file;
    }

    /** Writes the key as PKCS#8 PEM, 0600. */
    Path writeKey(Path file, KeyPair key) {
        try {
            write(file, pem(new JcaPKCS8Generator(key.getPrivate(), null).generate()), "rw-------");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the certificate's chain and key as a PKCS#12 file with openssl (its chain and key PEM files
     * beside it), as an operator would make one to import.
     */
    Path writePkcs12(Path file, Issued issued, String password) {
        Path chain = writeChain(file.resolveSibling(file.getFileName() + ".chain.pem"), issued.certificate());
        Path key = writeKey(file.resolveSibling(file.getFileName() + ".key.pem"), issued.key());
        OpenSsl.Result export = OpenSsl.run("pkcs12", "-export", "-in", chain.toString(), "-inkey", key.toString(),
                "-passout", "pass:" + password, "-out", file.toString());
        if (export.exitCode() != 0) {
            throw new AssertionError("openssl pkcs12 -export failed: " + export.output());
        }
        return file;
    }

    static void write(Path file, String content, String mode) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private X509Certificate certificate(String subject, java.security.PublicKey subjectKey, X509Certificate issuer,
            KeyPair issuerKey, boolean ca, int keyUsage, Instant notBefore, Duration lifetime) {
        // The root may have CAs under it; an Edge CA issues leaves only (pathlen 0).
        BasicConstraints constraints = !ca ? new BasicConstraints(false)
                : issuer == null ? new BasicConstraints(true) : new BasicConstraints(0);
        return certificate(subject, subjectKey, issuer, issuerKey, constraints, keyUsage, true, notBefore, lifetime);
    }

    private X509Certificate certificate(String subject, java.security.PublicKey subjectKey, X509Certificate issuer,
            KeyPair issuerKey, BasicConstraints constraints, int keyUsage, boolean keyUsageCritical, Instant notBefore,
            Duration lifetime) {
        try {
            X500Name issuerName = issuer == null ? new X500Name(subject)
                    : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notBefore.plus(lifetime)), new X500Name(subject), subjectKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, constraints);
            builder.addExtension(Extension.keyUsage, keyUsageCritical, new KeyUsage(keyUsage));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("test PKI failed", e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
