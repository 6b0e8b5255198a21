package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AlgorithmPreferenceTest {

    @Test
    void a_preference_lists_algorithms_in_order() throws KeyException {
        AlgorithmPreference preference = AlgorithmPreference.parse("rsa-4096:ec-p384:rsa-2048");

        assertEquals(List.of(KeyAlgorithm.RSA_4096, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048),
                preference.algorithms());
        assertEquals(KeyAlgorithm.RSA_4096, preference.first());
    }

    @Test
    void star_means_the_provider_default_ec_p256() throws KeyException {
        assertEquals(KeyAlgorithm.EC_P256, AlgorithmPreference.parse("*").first());
        assertEquals(List.of(KeyAlgorithm.RSA_2048, KeyAlgorithm.EC_P256),
                AlgorithmPreference.parse("rsa-2048:*").algorithms());
    }

    @Test
    void the_iot_edge_example_preference_parses() throws KeyException {
        assertEquals(List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.EC_P256),
                AlgorithmPreference.parse("ec-p256:rsa-2048:*").algorithms());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void every_preference_name_is_accepted(KeyAlgorithm algorithm) throws KeyException {
        assertEquals(algorithm, AlgorithmPreference.parse(algorithm.preferenceName()).first());
    }

    @Test
    void spaces_around_tokens_are_ignored() throws KeyException {
        assertEquals(List.of(KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_3072),
                AlgorithmPreference.parse(" ec-p384 : rsa-3072 ").algorithms());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-p521", "rsa-1024", "EC-P256", "ecdsa", "ec-p256:ed25519"})
    void an_unknown_token_is_rejected_naming_it(String preference) {
        KeyException e = assertThrows(KeyException.class, () -> AlgorithmPreference.parse(preference));

        String token = preference.substring(preference.lastIndexOf(':') + 1);
        assertTrue(e.getMessage().contains("token '" + token + "' is not a key algorithm"), e.getMessage());
        assertTrue(e.getMessage().contains("ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @ParameterizedTest
    @ValueSource(strings = {":", "ec-p256:", ":rsa-2048", "ec-p256::rsa-2048", "ec-p256: :rsa-2048"})
    void an_empty_token_is_rejected(String preference) {
        KeyException e = assertThrows(KeyException.class, () -> AlgorithmPreference.parse(preference));

        assertTrue(e.getMessage().contains("'" + preference + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("has an empty token"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void an_empty_preference_is_rejected(String preference) {
        KeyException e = assertThrows(KeyException.class, () -> AlgorithmPreference.parse(preference));

        assertTrue(e.getMessage().contains("is empty; name at least one of"), e.getMessage());
    }
}
