package org.edgepki.issuer.local.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.crypto.CryptoProviders;
import org.edgepki.common.crypto.KeyServiceContentSigner;

/**
 * Builds and signs X.509 v3 certificates from a verified CSR, with the extensions each
 * {@link CertificateProfile} calls for. Knows nothing of OSGi or of where keys live: the
 * {@link ContentSigner} signs. Checking that an issuer may issue is the caller's job
 * ({@link IssuingCaRules}). Thread-safe.
 */
final class CertificateMinter {
    /** RFC 5280 allows 20 octets; 128 random bits make collisions and guessing irrelevant. */
    private static final int SERIAL_BITS = 128;
    /** RFC 5280 4.1.2.5: the notAfter of a certificate with no well-defined expiration date. */
    private static final Instant NO_WELL_DEFINED_EXPIRATION = Instant.parse("9999-12-31T23:59:59Z");

    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param clock gives notBefore
     * @param random draws serial numbers
     */
    CertificateMinter(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Issues a certificate valid from now (whole seconds) for the requested validity, capped at
     * the issuer's notAfter.
     *
     * @param request the certificate id (for messages), profile, subjectAltNames and validity;
     *     its CSR bytes are not read again
     * @param csr the subject name and public key, from a verified CSR
     * @param issuer the issuing CA's certificate, or {@code null} for a self-signed certificate
     * @param signer signs with the issuer's key, or with the subject's own key when
     *     {@code issuer} is {@code null}
     * @return the signed certificate
     * @throws IssuanceException if the names or validity cannot make a valid certificate, or
     *     signing fails (retryable when the key service says so)
     */
    X509Certificate mint(IssuanceRequest request, VerifiedCsr csr, X509Certificate issuer, ContentSigner signer)
            throws IssuanceException {
        String certId = request.certId();
        checkNames(request, csr, issuer);
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notAfter(certId, notBefore, request, issuer);
        BigInteger serial = newSerial();
        X509v3CertificateBuilder builder = issuer == null
                ? new JcaX509v3CertificateBuilder(csr.subject(), serial, Date.from(notBefore), Date.from(notAfter),
                        csr.subject(), csr.publicKey())
                : new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter),
                        csr.subject(), csr.publicKey());
        try {
            addExtensions(builder, request, csr, issuer);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IssuanceException(certId, "the certificate's extensions cannot be encoded", false, e);
        }
        X509CertificateHolder signed = sign(certId, builder, signer);
        return checkedCertificate(certId, signed, issuer == null ? csr.publicKey() : issuer.getPublicKey());
    }

    /** @return a uniformly random serial in [1, 2^128) */
    private BigInteger newSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static void checkNames(IssuanceRequest request, VerifiedCsr csr, X509Certificate issuer)
            throws IssuanceException {
        if (!csr.hasEmptySubject()) {
            return;
        }
        if (issuer == null || request.profile() == CertificateProfile.CA) {
            throw new IssuanceException(request.certId(),
                    "a CA or self-signed certificate needs a non-empty subject name, as it is an issuer name too");
        }
        if (request.subjectAltNames().isEmpty()) {
            throw new IssuanceException(request.certId(),
                    "a certificate with an empty subject name needs at least one subjectAltName");
        }
    }

    private static Instant notAfter(String certId, Instant notBefore, IssuanceRequest request, X509Certificate issuer)
            throws IssuanceException {
        Instant requested = request.validity().compareTo(Duration.between(notBefore, NO_WELL_DEFINED_EXPIRATION)) < 0
                ? notBefore.plus(request.validity()).truncatedTo(ChronoUnit.SECONDS)
                : NO_WELL_DEFINED_EXPIRATION;
        Instant notAfter = issuer == null || requested.isBefore(issuer.getNotAfter().toInstant())
                ? requested
                : issuer.getNotAfter().toInstant();
        if (!notAfter.isAfter(notBefore)) {
            throw new IssuanceException(certId, "the validity left (requested " + request.validity()
                    + ", capped at the issuer's notAfter " + notAfter + ") is shorter than one second");
        }
        return notAfter;
    }

    private static void addExtensions(X509v3CertificateBuilder builder, IssuanceRequest request, VerifiedCsr csr,
            X509Certificate issuer) throws IOException, NoSuchAlgorithmException, IssuanceException {
        switch (request.profile()) {
            case CA -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            }
            case SERVER -> {
                builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                // An EC key cannot encipher a key (RSA key transport); TLS uses it to sign only.
                int usage = csr.publicKey() instanceof ECPublicKey
                        ? KeyUsage.digitalSignature
                        : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            case CLIENT -> {
                builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            default -> throw new IssuanceException(request.certId(),
                    "profile " + request.profile() + " is not one this issuer knows");
        }
        JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensionUtils.createSubjectKeyIdentifier(csr.publicKey()));
        if (issuer != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    authorityKeyIdentifier(extensionUtils, issuer));
        }
        if (!request.subjectAltNames().isEmpty()) {
            // RFC 5280 4.2.1.6: with an empty subject the names live only here, so it is critical.
            builder.addExtension(Extension.subjectAlternativeName, csr.hasEmptySubject(),
                    SubjectAltNameExtension.encode(request.certId(), request.subjectAltNames()));
        }
    }

    /**
     * The issuer's own subjectKeyIdentifier when it has one, so that path building matches it
     * byte for byte whichever method the issuer used; otherwise RFC 5280 method 1 over its key.
     * Only the key identifier: naming the issuer's issuer and serial would tie the certificate to
     * one issuer certificate and break when the CA is re-certified with the same key.
     */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensionUtils,
            X509Certificate issuer) throws IOException {
        byte[] issuerSki = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (issuerSki == null) {
            return extensionUtils.createAuthorityKeyIdentifier(issuer.getPublicKey());
        }
        byte[] keyId = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(issuerSki))
                .getKeyIdentifier();
        return new AuthorityKeyIdentifier(keyId);
    }

    private static X509CertificateHolder sign(String certId, X509v3CertificateBuilder builder, ContentSigner signer)
            throws IssuanceException {
        try {
            return builder.build(signer);
        } catch (RuntimeException e) {
            // ContentSigner cannot throw checked exceptions: key service errors arrive wrapped.
            KeyException keyError = KeyServiceContentSigner.keyErrorIn(e);
            if (keyError != null) {
                throw new IssuanceException(certId, "signing the certificate failed: " + keyError.getMessage(),
                        keyError.isRetryable(), keyError);
            }
            throw new IssuanceException(certId, "signing the certificate failed", false, e);
        }
    }

    /**
     * Decodes the signed certificate into a plain JDK certificate (no Bouncy Castle classes
     * reach other bundles) and verifies its signature, which catches a key service that signed
     * with some other key than the one it described.
     */
    private X509Certificate checkedCertificate(String certId, X509CertificateHolder signed, PublicKey signingKey)
            throws IssuanceException {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(signed.getEncoded()));
        } catch (IOException | CertificateException e) {
            throw new IssuanceException(certId, "the signed certificate cannot be decoded", false, e);
        }
        try {
            certificate.verify(signingKey, CryptoProviders.forSignature(certificate.getSigAlgName(), signingKey));
        } catch (GeneralSecurityException e) {
            throw new IssuanceException(certId,
                    "the new certificate's signature does not verify with the issuer's public key", false, e);
        }
        return certificate;
    }
}
