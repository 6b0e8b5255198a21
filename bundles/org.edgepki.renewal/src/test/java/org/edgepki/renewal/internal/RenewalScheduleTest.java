package org.edgepki.renewal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.edgepki.common.renewal.RenewalTime;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(100));

    private static RenewalTime time(String text) {
        return RenewalTime.parse(text).orElseThrow();
    }

    @Test
    void a_percentage_threshold_is_a_share_of_the_lifetime_from_not_before() {
        assertEquals(NOT_BEFORE.plus(Duration.ofDays(80)), RenewalSchedule.renewAt(NOT_BEFORE, NOT_AFTER, time("80%")));
        assertEquals(NOT_BEFORE.plus(Duration.ofDays(1)), RenewalSchedule.renewAt(NOT_BEFORE, NOT_AFTER, time("1%")));
    }

    @Test
    void an_absolute_threshold_counts_back_from_not_after_in_both_spellings() {
        assertEquals(NOT_AFTER.minus(Duration.ofDays(4)), RenewalSchedule.renewAt(NOT_BEFORE, NOT_AFTER, time("4day")));
        assertEquals(NOT_AFTER.minus(Duration.ofDays(4)), RenewalSchedule.renewAt(NOT_BEFORE, NOT_AFTER, time("4d")));
        assertEquals(NOT_AFTER.minus(Duration.ofMinutes(10)), RenewalSchedule.renewAt(NOT_BEFORE, NOT_AFTER, time("10m")));
    }

    @Test
    void a_threshold_at_or_beyond_the_lifetime_renews_at_half_instead_of_in_a_loop() {
        Instant tenMinutes = NOT_BEFORE.plus(Duration.ofMinutes(10));
        assertEquals(NOT_BEFORE.plus(Duration.ofMinutes(5)), RenewalSchedule.renewAt(NOT_BEFORE, tenMinutes, time("10min")));
        assertEquals(NOT_BEFORE.plus(Duration.ofMinutes(5)), RenewalSchedule.renewAt(NOT_BEFORE, tenMinutes, time("1d")));
        assertTrue(RenewalSchedule.thresholdBeyondLifetime(NOT_BEFORE, tenMinutes, time("1d")));
        assertFalse(RenewalSchedule.thresholdBeyondLifetime(NOT_BEFORE, tenMinutes, time("9m")));
        assertFalse(RenewalSchedule.thresholdBeyondLifetime(NOT_BEFORE, tenMinutes, time("99%")));
    }

    @Test
    void retry_periods_are_a_share_or_a_time_and_never_under_a_second() {
        assertEquals(Duration.ofDays(4), RenewalSchedule.retryPeriod(NOT_BEFORE, NOT_AFTER, time("4%")));
        assertEquals(Duration.ofMinutes(10), RenewalSchedule.retryPeriod(NOT_BEFORE, NOT_AFTER, time("10min")));
        Instant fiftySeconds = NOT_BEFORE.plusSeconds(50);
        assertEquals(Duration.ofSeconds(1), RenewalSchedule.retryPeriod(NOT_BEFORE, fiftySeconds, time("1%")));
    }

    @Test
    void retries_back_off_exponentially_up_to_the_retry_period() {
        Duration period = Duration.ofMinutes(16);
        assertEquals(Duration.ofMinutes(1), RenewalSchedule.backoff(period, 1));
        assertEquals(Duration.ofMinutes(2), RenewalSchedule.backoff(period, 2));
        assertEquals(Duration.ofMinutes(4), RenewalSchedule.backoff(period, 3));
        assertEquals(Duration.ofMinutes(16), RenewalSchedule.backoff(period, 5));
        assertEquals(Duration.ofMinutes(16), RenewalSchedule.backoff(period, 500));
        assertEquals(Duration.ofSeconds(1), RenewalSchedule.backoff(Duration.ofSeconds(1), 1));
        assertEquals(Duration.ofSeconds(3), RenewalSchedule.backoff(Duration.ofSeconds(3), 10));
    }

    @Test
    void jitter_is_at_most_five_percent_of_the_retry_period() {
        assertEquals(Duration.ZERO, RenewalSchedule.jitter(Duration.ofDays(4), 0));
        assertTrue(RenewalSchedule.jitter(Duration.ofDays(4), 0.999).compareTo(Duration.ofDays(4).multipliedBy(5).dividedBy(100)) <= 0);
        assertTrue(RenewalSchedule.jitter(Duration.ofDays(4), 0.5).getSeconds() > 0);
    }
}
