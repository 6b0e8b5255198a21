package org.edgepki.renewal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RenewalTimerTest {

    @Test
    void the_queue_hands_out_due_credentials_earliest_first_and_moves_rescheduled_ones() {
        RenewalQueue queue = new RenewalQueue();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        queue.schedule("b", now.plusSeconds(20));
        queue.schedule("a", now.plusSeconds(10));
        queue.schedule("c", now.plusSeconds(30));
        queue.schedule("c", now.plusSeconds(5));
        assertEquals(Optional.of(now.plusSeconds(5)), queue.earliest());
        assertEquals(List.of(), queue.takeDue(now));
        assertEquals(List.of("c", "a"), queue.takeDue(now.plusSeconds(10)));
        assertEquals(1, queue.size());
        assertTrue(queue.remove("b"));
        assertEquals(Optional.empty(), queue.earliest());
    }

    @Test
    void the_timer_runs_what_is_due_in_real_time_and_an_earlier_schedule_wakes_it() throws Exception {
        BlockingQueue<String> renewed = new LinkedBlockingQueue<>();
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), renewed::add, "test-timer")) {
            timer.schedule("later", Instant.now().plus(Duration.ofHours(1)));
            timer.schedule("soon", Instant.now().plusMillis(200));
            timer.schedule("overdue", Instant.now().minusSeconds(60));
            assertEquals("overdue", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals("soon", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals(null, renewed.poll(300, TimeUnit.MILLISECONDS), "nothing else is due");
            assertEquals(1, timer.size());
        }
    }

    @Test
    void a_failing_renewal_does_not_stop_the_timer() throws Exception {
        BlockingQueue<String> renewed = new LinkedBlockingQueue<>();
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), id -> {
            if (id.equals("broken")) {
                throw new IllegalStateException("bug");
            }
            renewed.add(id);
        }, "test-timer")) {
            timer.schedule("broken", Instant.now());
            timer.schedule("fine", Instant.now().plusMillis(100));
            assertEquals("fine", renewed.poll(10, TimeUnit.SECONDS));
        }
    }
}
