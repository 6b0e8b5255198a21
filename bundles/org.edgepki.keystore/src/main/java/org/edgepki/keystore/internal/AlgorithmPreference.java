package org.edgepki.keystore.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;

/**
 * An ordered key algorithm preference such as {@code "ec-p256:rsa-2048:*"}.
 *
 * @param algorithms the algorithms in order of preference; never empty
 */
record AlgorithmPreference(List<KeyAlgorithm> algorithms) {
    /** What {@code *} stands for. */
    static final KeyAlgorithm PROVIDER_DEFAULT = KeyAlgorithm.EC_P256;
    static final String ANY = "*";

    AlgorithmPreference {
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("an algorithm preference names at least one algorithm");
        }
    }

    /**
     * @param preference colon-separated {@link KeyAlgorithm#preferenceName()}s and {@code *}
     * @return the parsed preference
     * @throws KeyException naming the token if a token is empty or unknown
     */
    static AlgorithmPreference parse(String preference) throws KeyException {
        String subject = "algorithm preference '" + preference + "'";
        if (preference == null || preference.isBlank()) {
            throw new KeyException(subject, "is empty; name at least one of " + known());
        }
        List<KeyAlgorithm> algorithms = new ArrayList<>();
        for (String token : preference.split(":", -1)) {
            String name = token.trim();
            if (name.isEmpty()) {
                throw new KeyException(subject, "has an empty token (two colons in a row, or a colon at an end); "
                        + "tokens are " + known());
            }
            algorithms.add(algorithm(name, subject));
        }
        return new AlgorithmPreference(algorithms);
    }

    /** @return the algorithm to generate */
    KeyAlgorithm first() {
        return algorithms.get(0);
    }

    private static KeyAlgorithm algorithm(String name, String subject) throws KeyException {
        if (ANY.equals(name)) {
            return PROVIDER_DEFAULT;
        }
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            if (algorithm.preferenceName().equals(name)) {
                return algorithm;
            }
        }
        throw new KeyException(subject, "token '" + name + "' is not a key algorithm; tokens are " + known());
    }

    private static String known() {
        return Arrays.stream(KeyAlgorithm.values()).map(KeyAlgorithm::preferenceName)
                .collect(Collectors.joining(", ")) + " and * (the provider default, " + PROVIDER_DEFAULT.preferenceName()
                + ")";
    }
}
