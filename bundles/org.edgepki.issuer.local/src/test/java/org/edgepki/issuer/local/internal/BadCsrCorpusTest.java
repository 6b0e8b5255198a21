package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.key.KeyAlgorithm;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad CSR corpus: truncations, bit flips, other encodings and forged signatures of real requests. Each is refused
 * before anything is signed, with the rule it breaks, as a permanent (not retryable) error naming the certificate.
 */
class BadCsrCorpusTest {
    private static final Provider PROVIDER = new BouncyCastleProvider();
    private static final String NOT_PKCS10 = "is not a DER-encoded PKCS#10 certification request";
    private static final String BAD_SIGNATURE = "signature";

    record Case(String name, byte[] der, String rule) {
    }

    @TestFactory
    Stream<DynamicTest> every_bad_csr_is_refused_naming_the_rule() {
        CsrVerifier verifier = new CsrVerifier();
        List<Case> cases = cases();
        assertTrue(cases.size() >= 25, "the corpus holds at least 25 cases, not " + cases.size());
        return cases.stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            IssuanceException error = assertThrows(IssuanceException.class, () -> verifier.verify("device-id", bad.der()),
                    "accepted: " + bad.name());
            assertEquals("device-id", error.subject());
            assertFalse(error.isRetryable(), "a bad request stays bad");
            assertTrue(error.rule().contains(bad.rule()), "expected '" + bad.rule() + "', got: " + error.rule());
        }));
    }

    private static List<Case> cases() {
        KeyPair ec = InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.EC_P256);
        KeyPair rsa = InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.RSA_2048);
        KeyPair other = InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.EC_P256);
        byte[] good = TestCsrs.signedBy(PROVIDER, ec, "CN=device,O=edge");
        byte[] goodRsa = TestCsrs.signedBy(PROVIDER, rsa, "CN=device");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", new byte[0], NOT_PKCS10));
        cases.add(new Case("one zero byte", new byte[1], NOT_PKCS10));
        cases.add(new Case("a hundred zero bytes", new byte[100], NOT_PKCS10));
        cases.add(new Case("text", "hello".getBytes(StandardCharsets.US_ASCII), NOT_PKCS10));
        cases.add(new Case("PEM instead of DER", ("-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(good) + "\n-----END CERTIFICATE REQUEST-----\n")
                .getBytes(StandardCharsets.US_ASCII), NOT_PKCS10));
        cases.add(new Case("base64 instead of DER", Base64.getEncoder().encode(good), NOT_PKCS10));
        cases.add(new Case("an empty SEQUENCE", new byte[] {0x30, 0x00}, NOT_PKCS10));
        cases.add(new Case("a SEQUENCE claiming 2 GB", new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, 0x00}, NOT_PKCS10));
        cases.add(new Case("a SET instead of a SEQUENCE", withByte(good, 0, (byte) 0x31), NOT_PKCS10));
        cases.add(new Case("an INTEGER", new byte[] {0x02, 0x01, 0x05}, NOT_PKCS10));
        for (int length : new int[] {1, 2, 4, 10, 40, good.length / 2, good.length - 10, good.length - 1}) {
            cases.add(new Case("truncated to " + length + " bytes", Arrays.copyOf(good, length), NOT_PKCS10));
        }
        cases.add(new Case("the last signature byte flipped (EC)", flipped(good, good.length - 1), BAD_SIGNATURE));
        cases.add(new Case("a signature byte flipped (EC)", flipped(good, good.length - 5), BAD_SIGNATURE));
        cases.add(new Case("the last signature byte flipped (RSA)", flipped(goodRsa, goodRsa.length - 1), BAD_SIGNATURE));
        cases.add(new Case("a signature byte flipped (RSA)", flipped(goodRsa, goodRsa.length - 40), BAD_SIGNATURE));
        cases.add(new Case("the subject changed after signing", replaced(good, "device", "dEvice"), BAD_SIGNATURE));
        cases.add(new Case("signed by another key than the one it names",
                TestCsrs.signedBy(PROVIDER, ec, other, "CN=device"), BAD_SIGNATURE));
        cases.add(new Case("an RSA key signed by an EC key", TestCsrs.signedBy(PROVIDER, rsa, other, "CN=device"),
                BAD_SIGNATURE));
        return cases;
    }

    private static byte[] withByte(byte[] der, int index, byte value) {
        byte[] copy = der.clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] flipped(byte[] der, int index) {
        return withByte(der, index, (byte) (der[index] ^ 0x01));
    }

    private static byte[] replaced(byte[] der, String from, String to) {
        String text = new String(der, StandardCharsets.ISO_8859_1);
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
