package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoProvidersTest {
    private static final byte[] DATA = {1, 2, 3};

    @ParameterizedTest
    @CsvSource({"RSA, SunRsaSign", "rsa, SunRsaSign", "EC, SunEC", "ec, SunEC", "Ed25519, BC", "DSA, BC"})
    void keys_of_each_type_are_made_by_the_provider_measured_fastest_for_them(String algorithm, String provider) {
        assertEquals(provider, freshChoice().forKeys(algorithm).getName());
    }

    @ParameterizedTest
    @CsvSource({"SHA256withRSA, RSA, SunRsaSign", "SHA384WITHRSA, RSA, SunRsaSign", "sha512withrsa, RSA, SunRsaSign",
        "SHA256withECDSA, EC, SunEC", "SHA384WITHECDSA, EC, SunEC", "SHA256withECDSA, ECDSA, BC",
        "RSASSA-PSS, RSA, BC", "SHA256WITHRSAANDMGF1, RSA, BC", "Ed25519, Ed25519, BC", "SHA256withPLAIN-ECDSA, EC, BC"})
    void signatures_use_the_jdk_for_pkcs1_rsa_and_ecdsa_with_jdk_named_keys_and_bouncy_castle_otherwise(
            String algorithm, String keyAlgorithm, String provider) {
        assertEquals(provider, freshChoice().forSignature(algorithm, keyNamed(keyAlgorithm)).getName());
    }

    @Test
    void ec_work_moves_to_bouncy_castle_once_it_is_bulk_and_rsa_stays_on_the_jdk() {
        ProviderChoice choice = freshChoice();
        for (int i = 0; i < ProviderChoice.BULK_EC_OPERATIONS; i++) {
            Provider provider = i % 2 == 0 ? choice.forKeys("EC") : choice.forSignature("SHA256withECDSA", keyNamed("EC"));
            assertEquals("SunEC", provider.getName(), "EC operation " + (i + 1));
            assertEquals("SunRsaSign", choice.forSignature("SHA256withRSA", keyNamed("RSA")).getName());
        }
        assertEquals("BC", choice.forKeys("EC").getName());
        assertEquals("BC", choice.forSignature("SHA384withECDSA", keyNamed("EC")).getName());
        assertEquals("SunRsaSign", choice.forKeys("RSA").getName());
        assertEquals("SunRsaSign", choice.forSignature("SHA256withRSA", keyNamed("RSA")).getName());
    }

    @Test
    void threads_together_get_exactly_the_threshold_of_jdk_ec_operations() throws Exception {
        ProviderChoice choice = freshChoice();
        AtomicInteger onJdk = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                work.add(() -> {
                    for (int i = 0; i < 100; i++) {
                        if (choice.forSignature("SHA256withECDSA", keyNamed("EC")).getName().equals("SunEC")) {
                            onJdk.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(ProviderChoice.BULK_EC_OPERATIONS, onJdk.get());
    }

    private static Provider provider(String name) {
        return name.equals("BC") ? CryptoProviders.bouncyCastle() : Security.getProvider(name);
    }

    /** A choice as a bundle starts with: nothing counted yet (the static one counts what other tests did). */
    private static ProviderChoice freshChoice() {
        return new ProviderChoice(CryptoProviders::bouncyCastle);
    }

    /** Bouncy Castle's PEM reader names EC keys "ECDSA", which SunEC refuses: such a key still signs. */
    @Test
    void an_ec_key_read_by_bouncy_castles_pem_converter_signs() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Security.getProvider("SunEC"));
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        PrivateKey read = new JcaPEMKeyConverter().setProvider(CryptoProviders.bouncyCastle())
                .getPrivateKey(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()));
        assertEquals("ECDSA", read.getAlgorithm());

        Signature signer = Signature.getInstance("SHA256withECDSA", CryptoProviders.forSignature("SHA256withECDSA", read));
        signer.initSign(read);
        signer.update(DATA);
        Signature verifier = Signature.getInstance("SHA256withECDSA",
                CryptoProviders.forSignature("SHA256withECDSA", pair.getPublic()));
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);

        assertTrue(verifier.verify(signer.sign()));
    }

    /**
     * Keys come from files, tokens and imports, made by any provider, and EC work changes provider once it is bulk:
     * a key made by one must sign and verify on the other.
     */
    @ParameterizedTest
    @CsvSource({"EC, BC, SunEC, SHA256withECDSA", "EC, SunEC, BC, SHA256withECDSA", "RSA, BC, SunRsaSign, SHA256withRSA",
        "RSA, SunRsaSign, BC, SHA256withRSA"})
    void a_key_made_by_one_provider_signs_and_verifies_on_the_other(String type, String maker, String user,
            String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type, provider(maker));
        if (type.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        KeyPair pair = generator.generateKeyPair();

        Signature signer = Signature.getInstance(algorithm, provider(user));
        signer.initSign(pair.getPrivate());
        signer.update(DATA);
        Signature verifier = Signature.getInstance(algorithm, provider(user));
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);

        assertTrue(verifier.verify(signer.sign()));
    }

    @Test
    void bouncy_castle_is_one_instance_per_bundle() {
        assertSame(CryptoProviders.bouncyCastle(), CryptoProviders.forKeys("Ed25519"));
        assertSame(CryptoProviders.bouncyCastle(), CryptoProviders.forSignature("RSASSA-PSS", keyNamed("RSA")));
    }

    private static Key keyNamed(String algorithm) {
        return new Key() {
            @Override
            public String getAlgorithm() {
                return algorithm;
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
    }
}
