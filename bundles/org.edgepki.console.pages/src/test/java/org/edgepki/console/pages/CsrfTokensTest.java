package org.edgepki.console.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
    private final CsrfTokens tokens = new CsrfTokens();

    @Test
    void a_post_with_the_users_token_from_the_consoles_origin_is_accepted() {
        assertEquals(Optional.empty(), tokens.refusal(post("admin", tokens.tokenFor("admin"), "http://gw:8080")));
        assertEquals(Optional.empty(), tokens.refusal(post("admin", tokens.tokenFor("admin"), null)));
        assertEquals(Optional.empty(), tokens.refusal(post("admin", tokens.tokenFor("admin"),
                "http://gw:8080/system/console/edgepki-certificates")));
    }

    @Test
    void a_missing_wrong_other_users_or_other_consoles_token_is_refused() {
        assertTrue(tokens.refusal(post("admin", "", null)).orElseThrow().contains("security token"));
        assertTrue(tokens.refusal(post("admin", tokens.tokenFor("operator"), null)).isPresent());
        assertTrue(tokens.refusal(post("admin", new CsrfTokens().tokenFor("admin"), null)).isPresent());
        assertNotEquals(tokens.tokenFor("admin"), new CsrfTokens().tokenFor("admin"));
    }

    @Test
    void a_post_from_another_site_is_refused_even_with_a_token() {
        String refusal = tokens.refusal(post("admin", tokens.tokenFor("admin"), "http://evil.example")).orElseThrow();
        assertTrue(refusal.contains("another site"), refusal);
        assertTrue(tokens.refusal(post("admin", tokens.tokenFor("admin"), "http://gw:8080.evil.example")).isPresent());
    }

    private static PageRequest post(String user, String token, String origin) {
        return new PageRequest("POST", "/renew", Map.of("id", "x", CsrfTokens.FIELD, token), user, "gw:8080",
                Optional.ofNullable(origin), "/system/console/edgepki-certificates");
    }
}
