package org.edgepki.shell.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** CA certificates for the OS trust store's tests: self-signed roots and CAs they issue (EC P-256, JCA). */
final class TestRoots {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestRoots() {
    }

    /** A CA certificate and its keys. */
    record Ca(X509Certificate certificate, KeyPair keys) {
    }

    static Ca root(String commonName) throws Exception {
        KeyPair keys = keys();
        return new Ca(sign("CN=" + commonName, keys, "CN=" + commonName, keys), keys);
    }

    static Ca issue(String commonName, Ca issuer) throws Exception {
        KeyPair keys = keys();
        return new Ca(sign("CN=" + commonName, keys, issuer.certificate().getSubjectX500Principal().getName(),
                issuer.keys()), keys);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
