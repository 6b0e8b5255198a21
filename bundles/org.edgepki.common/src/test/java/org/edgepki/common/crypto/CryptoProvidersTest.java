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
        assertEquals(provider, CryptoProviders.forKeys(algorithm).getName());
    }

    @ParameterizedTest
    @CsvSource({"SHA256withRSA, RSA, SunRsaSign", "SHA384WITHRSA, RSA, SunRsaSign", "sha512withrsa, RSA, SunRsaSign",
        "SHA256withECDSA, EC, SunEC", "SHA384WITHECDSA, EC, SunEC", "SHA256withECDSA, ECDSA, BC",
        "RSASSA-PSS, RSA, BC", "SHA256WITHRSAANDMGF1, RSA, BC", "Ed25519, Ed25519, BC", "SHA256withPLAIN-ECDSA, EC, BC"})
    void signatures_use_the_jdk_for_pkcs1_rsa_and_ecdsa_with_jdk_named_keys_and_bouncy_castle_otherwise(
            String algorithm, String keyAlgorithm, String provider) {
        assertEquals(provider, CryptoProviders.forSignature(algorithm, keyNamed(keyAlgorithm)).getName());
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

    /** Keys come from files, tokens and imports, made by any provider: each must sign on the chosen one. */
    @ParameterizedTest
    @CsvSource({"EC, BC, SHA256withECDSA", "RSA, BC, SHA256withRSA"})
    void a_key_made_by_another_provider_signs_and_verifies_on_the_chosen_one(String type, String maker,
            String algorithm) throws Exception {
        Provider makerProvider = maker.equals("BC") ? CryptoProviders.bouncyCastle() : Security.getProvider(maker);
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type, makerProvider);
        if (type.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        KeyPair pair = generator.generateKeyPair();

        Signature signer = Signature.getInstance(algorithm, CryptoProviders.forSignature(algorithm, pair.getPrivate()));
        signer.initSign(pair.getPrivate());
        signer.update(DATA);
        Signature verifier = Signature.getInstance(algorithm, CryptoProviders.forSignature(algorithm, pair.getPublic()));
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
