package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.edgepki.common.crypto.CryptoProviders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadedKeyTest {
    private static final byte[] DATA = {4, 5, 6};

    @ParameterizedTest
    @CsvSource({"EC, SHA256withECDSA", "RSA, SHA256withRSA"})
    void a_provider_signs_with_its_own_key_object_made_once_and_the_signature_verifies(String type, String algorithm)
            throws Exception {
        LoadedKey key = loaded(type);
        Provider bouncyCastle = CryptoProviders.bouncyCastle();

        PrivateKey forBouncyCastle = key.privateKeyFor(bouncyCastle);

        assertTrue(forBouncyCastle.getClass().getName().startsWith("org.bouncycastle."),
                forBouncyCastle.getClass().getName());
        assertSame(forBouncyCastle, key.privateKeyFor(bouncyCastle), "translated once, then kept");
        assertEquals(PrivateKeyInfo.getInstance(key.privateKey().getEncoded()).getPrivateKeyAlgorithm(),
                PrivateKeyInfo.getInstance(forBouncyCastle.getEncoded()).getPrivateKeyAlgorithm(),
                "the same type and named curve");
        Signature signer = Signature.getInstance(algorithm, bouncyCastle);
        signer.initSign(forBouncyCastle);
        signer.update(DATA);
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key.publicKey());
        verifier.update(DATA);
        assertTrue(verifier.verify(signer.sign()));
    }

    @ParameterizedTest
    @CsvSource({"EC", "RSA"})
    void the_provider_that_decoded_the_key_gets_it_as_it_is(String type) throws Exception {
        LoadedKey key = loaded(type);
        Provider decodedBy = Security.getProvider(type.equals("EC") ? "SunEC" : "SunRsaSign");

        assertSame(key.privateKey(), key.privateKeyFor(decodedBy));
        key.privateKeyFor(CryptoProviders.bouncyCastle());
        assertSame(key.privateKey(), key.privateKeyFor(decodedBy), "also after another provider's turn");
    }

    private static LoadedKey loaded(String type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (type.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return PrivateKeyDecoder.decode(PrivateKeyInfo.getInstance(generator.generateKeyPair().getPrivate().getEncoded()),
                "test key");
    }
}
