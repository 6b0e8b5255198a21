package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.edgepki.api.credential.RenewalTime;
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
    void a_failure_is_tried_again_after_the_retry_period_less_up_to_five_percent() {
        Instant now = NOT_BEFORE.plus(Duration.ofDays(80));
        Duration retry = Duration.ofDays(4);
        assertEquals(now.plus(retry), retryAt(now, NOT_AFTER, retry, Optional.empty(), 0));
        Instant jittered = retryAt(now, NOT_AFTER, retry, Optional.empty(), 0.999);
        assertTrue(!jittered.isAfter(now.plus(retry)) && !jittered.isBefore(now.plus(retry.multipliedBy(95).dividedBy(100))),
                jittered.toString());
    }

    @Test
    void near_notafter_the_wait_is_shortened_so_that_three_attempts_fit() {
        Instant now = NOT_AFTER.minus(Duration.ofDays(3));
        assertEquals(now.plus(Duration.ofDays(1)), retryAt(now, NOT_AFTER, Duration.ofDays(4), Optional.empty(), 0));
        Instant lastSecond = NOT_AFTER.minusSeconds(1);
        assertEquals(lastSecond.plusSeconds(1), retryAt(lastSecond, NOT_AFTER, Duration.ofDays(4), Optional.empty(), 0),
                "never under a second");
    }

    @Test
    void once_expired_or_not_yet_issued_it_is_tried_at_least_every_expired_retry() {
        Instant later = NOT_AFTER.plus(Duration.ofDays(1));
        assertEquals(later.plus(EXPIRED_RETRY), retryAt(later, NOT_AFTER, Duration.ofDays(4), Optional.empty(), 0));
        assertEquals(later.plus(EXPIRED_RETRY), RenewalSchedule.retryAt(later, Optional.empty(), Duration.ofDays(4),
                Optional.empty(), EXPIRED_RETRY, 99, 0));
        assertEquals(later.plusSeconds(30), RenewalSchedule.retryAt(later, Optional.empty(), Duration.ofSeconds(30),
                Optional.empty(), EXPIRED_RETRY, 99, 0));
    }

    @Test
    void without_a_valid_certificate_retries_start_at_a_sixteenth_and_double_up_to_the_longest_wait() {
        Instant later = NOT_AFTER.plus(Duration.ofDays(1));
        Duration longest = Duration.ofMinutes(16);
        assertEquals(later.plus(Duration.ofMinutes(1)), RenewalSchedule.retryAt(later, Optional.empty(),
                Duration.ofDays(4), Optional.empty(), longest, 1, 0));
        assertEquals(later.plus(Duration.ofMinutes(2)), RenewalSchedule.retryAt(later, Optional.of(NOT_AFTER),
                Duration.ofDays(4), Optional.empty(), longest, 2, 0));
        assertEquals(later.plus(Duration.ofMinutes(16)), RenewalSchedule.retryAt(later, Optional.empty(),
                Duration.ofDays(4), Optional.empty(), longest, 500, 0));
        assertEquals(later.plusSeconds(1), RenewalSchedule.retryAt(later, Optional.empty(), Duration.ofSeconds(1),
                Optional.empty(), longest, 3, 0));
    }

    @Test
    void retry_after_is_honoured_but_never_later_than_the_retry_period_nor_under_a_second() {
        Instant now = NOT_BEFORE.plus(Duration.ofDays(80));
        Duration retry = Duration.ofDays(4);
        assertEquals(now.plus(Duration.ofMinutes(7)), retryAt(now, NOT_AFTER, retry, Optional.of(Duration.ofMinutes(7)), 0.9));
        assertEquals(now.plus(retry), retryAt(now, NOT_AFTER, retry, Optional.of(Duration.ofDays(30)), 0.9));
        assertEquals(now.plusSeconds(1), retryAt(now, NOT_AFTER, retry, Optional.of(Duration.ZERO), 0.9));
        assertEquals(now.plusSeconds(1), retryAt(now, NOT_AFTER, retry, Optional.of(Duration.ofSeconds(-5)), 0.9));
        assertEquals(now.plus(retry), retryAt(now, NOT_AFTER, retry, Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), 0.9));
    }

    @Test
    void nothing_overflows_at_the_ends_of_time() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        Instant end = RenewalSchedule.LATEST;
        assertEquals(end, RenewalSchedule.retryAt(end, Optional.empty(), huge, Optional.of(huge), huge, 1, 0.5));
        assertEquals(end, RenewalSchedule.retryAt(Instant.MAX, Optional.of(Instant.MAX), huge, Optional.empty(), huge, 99,
                0.5));
        assertEquals(end, RenewalSchedule.plusSaturated(Instant.MIN.plusSeconds(1), huge));
        assertEquals(Instant.EPOCH.plusSeconds(1), RenewalSchedule.plusSaturated(Instant.EPOCH, Duration.ofSeconds(1)));
    }

    private static final Duration EXPIRED_RETRY = Duration.ofMinutes(5);

    private static Instant retryAt(Instant now, Instant notAfter, Duration retry, Optional<Duration> asked, double random) {
        return RenewalSchedule.retryAt(now, Optional.of(notAfter), retry, asked, EXPIRED_RETRY, 99, random);
    }

    @Test
    void jitter_is_at_most_five_percent_of_the_retry_period() {
        assertEquals(Duration.ZERO, RenewalSchedule.jitter(Duration.ofDays(4), 0));
        assertTrue(RenewalSchedule.jitter(Duration.ofDays(4), 0.999).compareTo(Duration.ofDays(4).multipliedBy(5).dividedBy(100)) <= 0);
        assertTrue(RenewalSchedule.jitter(Duration.ofDays(4), 0.5).getSeconds() > 0);
    }
}
