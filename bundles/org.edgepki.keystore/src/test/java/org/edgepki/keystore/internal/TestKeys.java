package org.edgepki.keystore.internal;

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
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.KeyServiceContentSigner;
import org.edgepki.common.crypto.SignatureAlgorithms;

/** Keys, PEM files and certificates for tests, made with the JDK and Bouncy Castle. */
final class TestKeys {
    /** One provider for all tests: building one takes a while, and tests are not components. */
    static final Provider BC = new BouncyCastleProvider();

    private TestKeys() {
    }

    static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** A Bouncy Castle EC key: its traditional PEM names the curve, as OpenSSL's does. */
    static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** A JDK (SunEC) key, as an import from a PKCS#12 file would give. */
    static KeyPair jdkEc(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** Writes objects with Bouncy Castle's PEM writer (a PrivateKey becomes traditional PEM). */
    static Path writePem(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    static boolean verifies(PublicKey publicKey, String algorithm, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** A self-signed certificate for a key pair held in memory. */
    static X509Certificate selfSigned(KeyPair pair, String algorithm)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(pair.getPrivate());
        return certificate(pair.getPublic(), signer);
    }

    /** A self-signed certificate for a key in the key service, signed through the service. */
    static X509Certificate selfSigned(KeyService keys, KeyPairInfo key) throws GeneralSecurityException {
        return certificate(key.publicKey(), new KeyServiceContentSigner(keys, key));
    }

    static String signatureAlgorithm(KeyPairInfo key) {
        return SignatureAlgorithms.forKey(key.algorithm());
    }

    private static X509Certificate certificate(PublicKey publicKey, ContentSigner signer)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=edgepki test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, publicKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** Runs a command and fails the test if it does not exit with 0. */
    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Runs a command and returns its standard output. */
    static byte[] output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed");
        }
        return output;
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asserts that an exception's message names the subject and contains the rule text. */
    static KeyException assertRule(KeyException e, Object subject, String ruleText) {
        String message = e.getMessage();
        if (!message.contains(String.valueOf(subject)) || !message.contains(ruleText)) {
            throw new AssertionError("expected a message naming '" + subject + "' with '" + ruleText + "' but got: "
                    + message, e);
        }
        return e;
    }
}
