package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An EST server's certs-only PKCS#7 answer is hostile input: whatever the bytes, {@link CertsOnly#parse} returns
 * certificates or throws its declared {@link IllegalArgumentException}, never anything else (Bouncy Castle parses
 * lazily, so a malformed message used to fail with {@code IllegalStateException} or {@code ClassCastException} while
 * its certificates were read, which the renewal scheduler did not expect).
 */
class CertsOnlyTest {
    private static final byte[] VALID = validAnswer();

    @Property(tries = 30_000)
    void a_mutated_answer_is_read_or_refused_with_the_declared_exception(@ForAll("mutations") byte[] body) {
        try {
            CertsOnly.parse(body);
        } catch (IllegalArgumentException declared) {
            // refused, naming what is wrong
        }
    }

    @Property(tries = 2_000)
    void random_bytes_are_refused_with_the_declared_exception(@ForAll byte[] body) {
        try {
            CertsOnly.parse(body);
        } catch (IllegalArgumentException declared) {
            // refused
        }
    }

    @net.jqwik.api.Example
    void the_valid_answer_is_read() {
        List<X509Certificate> certificates = CertsOnly.parse(VALID);
        assertEquals(2, certificates.size());
    }

    /** The valid answer with one to four bytes replaced, and sometimes cut short. */
    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, VALID.length - 1),
                Arbitraries.integers().between(0, 255)).as((at, value) -> new int[] {at, value});
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.just(VALID.length),
                Arbitraries.integers().between(0, VALID.length));
        return Combinators.combine(edit.list().ofMinSize(1).ofMaxSize(4), length).as((edits, cut) -> {
            byte[] mutated = VALID.clone();
            for (int[] change : edits) {
                mutated[change[0]] = (byte) change[1];
            }
            return java.util.Arrays.copyOf(mutated, cut);
        });
    }

    private static byte[] validAnswer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ca = generator.generateKeyPair();
            KeyPair leaf = generator.generateKeyPair();
            X509Certificate caCert = certificate("CN=EST CA", ca, "CN=EST CA", ca);
            X509Certificate leafCert = certificate("CN=device", leaf, "CN=EST CA", ca);
            CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
            cms.addCertificates(new JcaCertStore(List.of(leafCert, caCert)));
            return cms.generate(new CMSProcessableByteArray(new byte[0])).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey)
            throws Exception {
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now), Date.from(now.plus(30, ChronoUnit.DAYS)),
                new X500Name(subject), key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(new BouncyCastleProvider()).build(issuerKey.getPrivate())));
    }
}
