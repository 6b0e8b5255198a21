package org.edgepki.tools.demo;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs the demo certificates: SHA-256 signatures, random serials, SKI and AKI. */
final class DemoIssuer {
    /** A fixed top bit keeps every serial positive and 16 octets long, with 127 random bits. */
    private static final int SERIAL_BITS = 128;

    private final Clock clock;
    private final SecureRandom random;
    private final Provider provider;

    DemoIssuer(Clock clock, SecureRandom random, Provider provider) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** @return SHA-256 with ECDSA or with RSA (PKCS#1 v1.5), by the signing key's type */
    static String signatureAlgorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key");
        };
    }

    /** @return a self-signed root CA certificate */
    X509Certificate selfSigned(String commonName, KeyPair keys, int validityDays) throws GeneralSecurityException {
        Instant notBefore = now();
        X500Name name = commonName(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(), Date.from(notBefore),
                Date.from(notBefore.plus(Duration.ofDays(validityDays))), name, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        addExtensions(builder, DemoProfile.ROOT_CA, keys.getPublic(),
                extensions.createAuthorityKeyIdentifier(keys.getPublic()));
        return sign(builder, keys.getPrivate(), keys.getPublic());
    }

    /**
     * @return a certificate for {@code subjectKey} signed by {@code issuer}, whose notAfter is at
     *     most the issuer's: a certificate cannot be valid longer than its chain
     */
    X509Certificate issue(DemoProfile profile, String commonName, PublicKey subjectKey, Credential issuer,
            int validityDays) throws GeneralSecurityException {
        X509Certificate issuerCertificate = issuer.certificate();
        Instant notBefore = now();
        Instant wanted = notBefore.plus(Duration.ofDays(validityDays));
        Instant issuerNotAfter = issuerCertificate.getNotAfter().toInstant();
        Instant notAfter = wanted.isAfter(issuerNotAfter) ? issuerNotAfter : wanted;
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerCertificate, newSerial(),
                Date.from(notBefore), Date.from(notAfter), commonName(commonName), subjectKey);
        addExtensions(builder, profile, subjectKey, authorityKeyIdentifier(issuerCertificate));
        return sign(builder, issuer.privateKey(), issuerCertificate.getPublicKey());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private BigInteger newSerial() {
        return new BigInteger(SERIAL_BITS - 1, random).setBit(SERIAL_BITS - 1);
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /**
     * The issuer's own subjectKeyIdentifier, so the chain links even when the issuer was made by
     * another tool that computes key identifiers differently.
     */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer)
            throws GeneralSecurityException {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey());
        }
        try {
            ASN1OctetString keyId = ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension));
            return new AuthorityKeyIdentifier(keyId.getOctets());
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("the issuer's subjectKeyIdentifier cannot be parsed", e);
        }
    }

    private static void addExtensions(X509v3CertificateBuilder builder, DemoProfile profile, PublicKey subjectKey,
            AuthorityKeyIdentifier authorityKeyIdentifier) throws GeneralSecurityException {
        BasicConstraints constraints = !profile.ca() ? new BasicConstraints(false)
                : profile.pathLength() == null ? new BasicConstraints(true)
                : new BasicConstraints(profile.pathLength());
        try {
            builder.addExtension(Extension.basicConstraints, true, constraints);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
            if (profile.extendedKeyUsage() != null) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(profile.extendedKeyUsage()));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
        } catch (CertIOException e) {
            throw new GeneralSecurityException("the certificate extensions cannot be encoded", e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, PublicKey verifyingKey)
            throws GeneralSecurityException {
        ContentSigner signer;
        try {
            signer = new JcaContentSignerBuilder(signatureAlgorithmFor(signingKey)).setProvider(provider)
                    .setSecureRandom(random).build(signingKey);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the " + signingKey.getAlgorithm() + " key", e);
        }
        X509Certificate certificate = new JcaX509CertificateConverter().setProvider(provider)
                .getCertificate(builder.build(signer));
        // A signature that does not verify means a key that does not belong to the issuer.
        certificate.verify(verifyingKey, provider);
        return certificate;
    }
}
