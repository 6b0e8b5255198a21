package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), renewed::add, "test-timer", 3)) {
            timer.schedule("later", Instant.now().plus(Duration.ofHours(1)));
            timer.schedule("soon", Instant.now().plusMillis(200));
            timer.schedule("overdue", Instant.now().minusSeconds(60));
            assertEquals("overdue", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals("soon", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals(null, renewed.poll(300, TimeUnit.MILLISECONDS), "nothing else is due");
            assertEquals(1, timer.size());
        }
    }

    /**
     * A look asked for while the credential is being looked at (a new configuration arriving during a renewal) is
     * never postponed by the plan that look makes at its end: found as a lost replacement of the Edge CA in
     * CredentialOwnershipTest under load, when the timer thread had not yet taken the request.
     */
    @Test
    void a_look_asked_for_during_a_look_is_never_postponed_by_that_looks_own_plan() throws Exception {
        BlockingQueue<String> looks = new LinkedBlockingQueue<>();
        AtomicInteger count = new AtomicInteger();
        RenewalTimer[] timer = new RenewalTimer[1];
        try (RenewalTimer running = new RenewalTimer(Clock.systemUTC(), id -> {
            if (count.incrementAndGet() == 1) {
                // the configuration changes meanwhile: look again (its request not yet taken by the timer)...
                Thread other = new Thread(() -> timer[0].schedule(id, Instant.now().plusMillis(300)));
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // ...and this look, judging the old configuration, plans the next renewal in a month
                timer[0].schedule(id, Instant.now().plus(Duration.ofDays(30)));
            }
            looks.add(id);
        }, "test-timer", 3)) {
            timer[0] = running;
            running.schedule("edge-ca", Instant.now());
            assertEquals("edge-ca", looks.poll(10, TimeUnit.SECONDS));
            assertEquals("edge-ca", looks.poll(10, TimeUnit.SECONDS), "the look asked for meanwhile happens");
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
        }, "test-timer", 3)) {
            timer.schedule("broken", Instant.now());
            timer.schedule("fine", Instant.now().plusMillis(100));
            assertEquals("fine", renewed.poll(10, TimeUnit.SECONDS));
            assertTrue(timer.due("broken").isPresent(), "the broken one is looked at again later, not forgotten");
        }
    }

    @Test
    void an_error_does_not_stop_the_timer() throws Exception {
        BlockingQueue<String> renewed = new LinkedBlockingQueue<>();
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), id -> {
            if (id.equals("updating")) {
                throw new NoClassDefFoundError("org/edgepki/issuer/est/internal/EstClient");
            }
            renewed.add(id);
        }, "test-timer", 1)) {
            timer.schedule("updating", Instant.now());
            timer.schedule("fine", Instant.now().plusMillis(100));
            assertEquals("fine", renewed.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_slow_look_does_not_hold_up_the_others() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> renewed = new LinkedBlockingQueue<>();
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), id -> {
            if (id.equals("dripping-est-server")) {
                await(release);
            }
            renewed.add(id);
        }, "test-timer", 3)) {
            timer.schedule("dripping-est-server", Instant.now());
            timer.schedule("edge-ca", Instant.now().plusMillis(50));
            timer.schedule("edgeHub", Instant.now().plusMillis(100));
            assertEquals("edge-ca", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals("edgeHub", renewed.poll(10, TimeUnit.SECONDS));
            release.countDown();
            assertEquals("dripping-est-server", renewed.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void one_credential_is_never_looked_at_twice_at_once_and_a_look_asked_meanwhile_follows() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BlockingQueue<String> renewed = new LinkedBlockingQueue<>();
        try (RenewalTimer timer = new RenewalTimer(Clock.systemUTC(), id -> {
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            if (renewed.isEmpty()) {
                await(release);
            }
            concurrent.decrementAndGet();
            renewed.add(id);
        }, "test-timer", 3)) {
            timer.schedule("device-id", Instant.now());
            Thread.sleep(100);
            timer.schedule("device-id", Instant.now()); // a store event while it is being renewed
            Thread.sleep(100);
            release.countDown();
            assertEquals("device-id", renewed.poll(10, TimeUnit.SECONDS));
            assertEquals("device-id", renewed.poll(10, TimeUnit.SECONDS), "looked at again, after");
            assertEquals(1, most.get(), "never twice at once");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
