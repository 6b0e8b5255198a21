package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgepki.api.key.KeyAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublicKeyMatchTest {
    private final Provider provider = new BouncyCastleProvider();

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void the_same_key_matches_across_providers(KeyAlgorithm algorithm) throws Exception {
        PublicKey bouncyCastleKey = generateKeyPair(provider, algorithm).getPublic();
        PublicKey jdkKey = KeyFactory.getInstance(bouncyCastleKey.getAlgorithm())
                .generatePublic(new X509EncodedKeySpec(bouncyCastleKey.getEncoded()));

        assertTrue(PublicKeyMatch.sameKey(bouncyCastleKey, jdkKey));
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void different_keys_do_not_match(KeyAlgorithm algorithm) throws Exception {
        KeyPair one = generateKeyPair(provider, algorithm);
        KeyPair other = generateKeyPair(provider, algorithm);

        assertFalse(PublicKeyMatch.sameKey(one.getPublic(), other.getPublic()));
    }

    @Test
    void keys_of_different_types_do_not_match() throws Exception {
        KeyPair ec = generateKeyPair(provider, KeyAlgorithm.EC_P256);
        KeyPair rsa = generateKeyPair(provider, KeyAlgorithm.RSA_2048);

        assertFalse(PublicKeyMatch.sameKey(ec.getPublic(), rsa.getPublic()));
    }

    private static KeyPair generateKeyPair(Provider provider, KeyAlgorithm algorithm) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance(
                algorithm == KeyAlgorithm.EC_P256 ? "EC" : "RSA", provider);
        if (algorithm == KeyAlgorithm.EC_P256) {
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
