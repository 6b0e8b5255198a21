package org.edgepki.tools.demo;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of key the demo tool generates, by the name the command line uses. */
enum DemoKeyType {
    EC_P256("ec-p256", "EC P-256"),
    RSA_2048("rsa-2048", "RSA 2048");

    private final String optionValue;
    private final String displayName;

    DemoKeyType(String optionValue, String displayName) {
        this.optionValue = optionValue;
        this.displayName = displayName;
    }

    /**
     * @param value {@code ec-p256} or {@code rsa-2048}
     * @throws IllegalArgumentException naming the accepted values
     */
    static DemoKeyType parse(String value) {
        for (DemoKeyType type : values()) {
            if (type.optionValue.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + value + "'; use one of " + optionValues());
    }

    static String optionValues() {
        return Arrays.stream(values()).map(type -> type.optionValue).collect(Collectors.joining(", "));
    }

    String optionValue() {
        return optionValue;
    }

    KeyPair generate(Provider provider, SecureRandom random) throws GeneralSecurityException {
        if (this == EC_P256) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
        generator.initialize(2048, random);
        return generator.generateKeyPair();
    }

    String displayName() {
        return displayName;
    }
}
