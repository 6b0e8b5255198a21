package org.edgepki.api.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenewalTimeTest {

    @Test
    void both_spellings_of_absolute_times_mean_the_same() {
        assertEquals(RenewalTime.parse("4day"), RenewalTime.parse("4d"));
        assertEquals(RenewalTime.parse("10min"), RenewalTime.parse("10m"));
        assertEquals(Duration.ofDays(4), RenewalTime.parse("4d").orElseThrow().absolute());
        assertEquals(Duration.ofMinutes(10), RenewalTime.parse("10m").orElseThrow().absolute());
    }

    @Test
    void percentages_from_1_to_99() {
        assertEquals(1, RenewalTime.parse("1%").orElseThrow().percent());
        assertEquals(99, RenewalTime.parse("99%").orElseThrow().percent());
        assertTrue(RenewalTime.parse("80%").orElseThrow().isPercentage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%", "100%", "150%", "-4%", "80.5%", "4h", "4 day", "4days", "0day", "0m", "", "%",
        "day", "4D", "10MIN", " 4d", "4d ", "1e3m", "99999999999d"})
    void everything_else_is_rejected(String text) {
        assertTrue(RenewalTime.parse(text).isEmpty(), text);
    }

    @Test
    void canonical_spelling() {
        assertEquals("80%", RenewalTime.parse("80%").orElseThrow().toString());
        assertEquals("4day", RenewalTime.parse("4d").orElseThrow().toString());
        assertEquals("90min", RenewalTime.parse("90m").orElseThrow().toString());
        assertEquals("1day", RenewalTime.parse("1440m").orElseThrow().toString());
    }

    @Test
    void a_value_outside_the_grammar_cannot_be_made() {
        assertThrows(IllegalArgumentException.class, () -> RenewalTime.percent(0));
        assertThrows(IllegalArgumentException.class, () -> RenewalTime.percent(100));
        assertThrows(IllegalArgumentException.class, () -> new RenewalTime(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RenewalTime(50, Duration.ofDays(1)));
    }
}
