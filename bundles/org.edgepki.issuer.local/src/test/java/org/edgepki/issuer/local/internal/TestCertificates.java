package org.edgepki.issuer.local.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds self-signed certificates directly with Bouncy Castle, independent of the code under
 * test, for issuers the issuers themselves would never make (not a CA, expired, unlimited path).
 */
final class TestCertificates {
    /** An extension to put into a test certificate. */
    record TestExtension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private TestCertificates() {
    }

    static X509Certificate selfSigned(Provider provider, KeyPair pair, String subject, Instant notBefore,
            Instant notAfter, List<TestExtension> extensions) {
        X500Name name = new X500Name(subject);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(notBefore.toEpochMilli()),
                Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
        String algorithm = pair.getPublic() instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            for (TestExtension extension : extensions) {
                builder.addExtension(extension.oid(), extension.critical(), extension.value());
            }
            return new JcaX509CertificateConverter().setProvider(provider).getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(pair.getPrivate())));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the key identifier inside the certificate's subjectKeyIdentifier, or null */
    static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return value == null ? null
                : SubjectKeyIdentifier.getInstance(DEROctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    /** @return the authorityKeyIdentifier extension, or null */
    static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return value == null ? null : AuthorityKeyIdentifier.getInstance(DEROctetString.getInstance(value).getOctets());
    }
}
