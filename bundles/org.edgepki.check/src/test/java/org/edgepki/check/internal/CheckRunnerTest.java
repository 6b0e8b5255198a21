package org.edgepki.check.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
    private final CheckRunner runner = new CheckRunner(Clock.systemUTC(), Duration.ofMillis(300));
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() {
        runner.activate();
    }

    @AfterEach
    void stop() {
        never.countDown();
        runner.deactivate();
    }

    @Test
    void a_failing_or_hanging_check_is_one_error_and_the_others_still_report() throws InterruptedException {
        runner.bindCheck(() -> List.of(Finding.ok("b-good", "x", "fine")), Map.of(Check.ID, "b-good"));
        runner.bindCheck(() -> {
            throw new IllegalStateException("the store is gone");
        }, Map.of(Check.ID, "a-broken"));
        runner.bindCheck(() -> {
            never.await();
            return List.of();
        }, Map.of(Check.ID, "c-hangs"));
        CheckReport report = runner.run();
        assertEquals(List.of("a-broken", "b-good", "c-hangs"), report.findings().stream().map(Finding::check).toList());
        assertEquals(Severity.ERROR, report.findings().get(0).severity());
        assertTrue(report.findings().get(0).message().contains("the store is gone"));
        assertEquals(Severity.OK, report.findings().get(1).severity());
        assertTrue(report.findings().get(2).message().contains("did not finish"), report.findings().get(2).message());
        assertEquals(2, report.worst().exitCode());
    }

    @Test
    void a_local_run_leaves_out_checks_that_reach_out_and_shows_their_last_full_run() throws InterruptedException {
        AtomicInteger dialed = new AtomicInteger();
        runner.bindCheck(() -> List.of(Finding.ok("local", "x", "fine")), Map.of(Check.ID, "local"));
        runner.bindCheck(() -> List.of(Finding.ok("est-server", "est", "reached " + dialed.incrementAndGet())),
                Map.of(Check.ID, "est-server", Check.REACHES_OUT, true));
        assertTrue(runner.lastReachingOut().isEmpty());

        assertEquals(List.of("local"), runner.runLocal().findings().stream().map(Finding::check).toList());
        assertEquals(0, dialed.get());
        CheckReport all = runner.run();
        assertEquals(List.of("est-server", "local"), all.findings().stream().map(Finding::check).toList());
        runner.runLocal();
        assertEquals(1, dialed.get());
        CheckReport last = runner.lastReachingOut().orElseThrow();
        assertEquals(all.ranAt(), last.ranAt());
        assertEquals(List.of("reached 1"), last.findings().stream().map(Finding::message).toList());
    }

    @Test
    void no_checks_is_an_ok_report() throws InterruptedException {
        assertEquals(Severity.OK, runner.run().worst());
    }
}
