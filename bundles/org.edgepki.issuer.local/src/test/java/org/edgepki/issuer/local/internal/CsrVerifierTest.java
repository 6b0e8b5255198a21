package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Provider;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CsrVerifierTest {
    private static final Provider PROVIDER = new BouncyCastleProvider();

    private final CsrVerifier verifier = new CsrVerifier();

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void a_well_signed_csr_yields_its_subject_and_public_key(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = InMemoryKeyService.generateKeyPair(PROVIDER, algorithm);

        VerifiedCsr csr = verifier.verify("device-id", TestCsrs.signedBy(PROVIDER, pair, "CN=device,O=edge"));

        assertEquals(new X500Name("CN=device,O=edge"), csr.subject());
        assertTrue(PublicKeyMatch.sameKey(pair.getPublic(), csr.publicKey()));
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void a_csr_with_a_broken_signature_is_refused(KeyAlgorithm algorithm) {
        KeyPair pair = InMemoryKeyService.generateKeyPair(PROVIDER, algorithm);
        byte[] csr = TestCsrs.signedBy(PROVIDER, pair, "CN=device");
        csr[csr.length - 5] ^= 0x01;

        IssuanceException e = assertThrows(IssuanceException.class, () -> verifier.verify("device-id", csr));

        assertEquals("device-id", e.subject());
        assertFalse(e.isRetryable());
    }

    @Test
    void a_csr_signed_by_another_key_than_the_one_it_names_is_refused() {
        KeyPair named = InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.EC_P256);
        KeyPair signing = InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.EC_P256);

        IssuanceException e = assertThrows(IssuanceException.class,
                () -> verifier.verify("device-id", TestCsrs.signedBy(PROVIDER, named, signing, "CN=device")));

        assertTrue(e.rule().contains("signature does not verify"), e.rule());
    }

    static Stream<byte[]> notCsrs() {
        byte[] valid = TestCsrs.signedBy(PROVIDER, InMemoryKeyService.generateKeyPair(PROVIDER, KeyAlgorithm.EC_P256),
                "CN=device");
        return Stream.of(new byte[0], "-----BEGIN CERTIFICATE REQUEST-----".getBytes(),
                new byte[] {0x30, 0x03, 0x02, 0x01, 0x05}, Arrays.copyOf(valid, valid.length / 2),
                new byte[] {0x04, 0x02, 0x00, 0x00});
    }

    @ParameterizedTest
    @MethodSource("notCsrs")
    void bytes_that_are_no_csr_are_refused(byte[] garbage) {
        IssuanceException e = assertThrows(IssuanceException.class, () -> verifier.verify("device-id", garbage));

        assertFalse(e.isRetryable());
        assertTrue(e.rule().contains("CSR"), e.rule());
    }
}
