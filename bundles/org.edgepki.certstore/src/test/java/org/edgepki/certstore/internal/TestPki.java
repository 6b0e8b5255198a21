package org.edgepki.certstore.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Test certificates and keys made with Bouncy Castle, and the files that hold them. */
final class TestPki {
    static final Provider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    /** A certificate and its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BC);
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static Issued selfSignedCa(String name) throws Exception {
        return selfSignedCa(name, inThirtyDays());
    }

    private static Issued selfSignedCa(String name, Instant notAfter) throws Exception {
        KeyPair keys = ecKeyPair();
        return new Issued(certificate(name, keys, name, keys, true, notAfter), keys);
    }

    static Issued issue(String name, Issued issuer) throws Exception {
        return issue(name, ecKeyPair(), issuer);
    }

    static Issued issue(String name, KeyPair keys, Issued issuer) throws Exception {
        return issue(name, keys, issuer, inThirtyDays());
    }

    private static Issued issue(String name, KeyPair keys, Issued issuer, Instant notAfter) throws Exception {
        String issuerName = issuer.certificate().getSubjectX500Principal().getName();
        return new Issued(certificate(name, keys, issuerName, issuer.keys(), false, notAfter), keys);
    }

    /** @return a chain leaf, intermediate, root, each valid for 30 days */
    static List<Issued> chain(String leafName) throws Exception {
        return chain(leafName, inThirtyDays());
    }

    /** @return a chain leaf, intermediate, root, each valid until {@code notAfter} */
    static List<Issued> chain(String leafName, Instant notAfter) throws Exception {
        Issued root = selfSignedCa("CN=root of " + leafName, notAfter);
        Issued intermediate = issue("CN=intermediate of " + leafName, ecKeyPair(), root, notAfter);
        Issued leaf = issue("CN=" + leafName, ecKeyPair(), intermediate, notAfter);
        return List.of(leaf, intermediate, root);
    }

    private static Instant inThirtyDays() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(30, ChronoUnit.DAYS);
    }

    static List<X509Certificate> certificates(List<Issued> chain) {
        List<X509Certificate> certificates = new ArrayList<>();
        chain.forEach(issued -> certificates.add(issued.certificate()));
        return certificates;
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
            boolean ca, Instant notAfter) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(notAfter), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        String algorithm = issuerKeys.getPrivate().getAlgorithm().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKeys.getPrivate())));
    }

    /** @return the objects as PEM, in order; key pairs and private keys in their traditional form */
    static String pem(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    static String pkcs8Pem(KeyPair keys) throws IOException {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    }

    static String encryptedPkcs8Pem(KeyPair keys, char[] password) throws IOException, OperatorCreationException {
        PemObject encrypted = new JcaPKCS8Generator(keys.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(
                PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(password).build()).generate();
        return pem(encrypted);
    }

    static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }
}
