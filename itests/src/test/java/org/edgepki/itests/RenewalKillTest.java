package org.edgepki.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/**
 * Renewals of the real runtime, in a forked JVM, killed with SIGKILL at random instants (50 times
 * here; {@code -Dedgepki.kill.trials} sets more, and {@code bench/kill-renewals} runs 200): after
 * every restart each certificate matches its key, its chain verifies, and a valid certificate
 * exists. The summary goes to {@code target/renewal-kill-<framework>.txt}.
 */
public class RenewalKillTest {

    @Test
    public void renewal_killed_at_random_instants_always_leaves_a_matching_valid_pair() throws Exception {
        int trials = Integer.getInteger("edgepki.kill.trials", 50);
        long seed = Long.getLong("edgepki.kill.seed", System.nanoTime());
        Path home = EdgePkiRuntime.newStateDirectory("renewal-kill");
        RenewalKillTrials.Result result = new RenewalKillTrials(home, seed, Duration.ofMillis(250)).run(trials);
        String summary = EdgePkiRuntime.framework() + ", seed " + seed + ": " + result.summary();
        System.out.println(summary);
        Files.writeString(Path.of("target", "renewal-kill-" + EdgePkiRuntime.framework() + ".txt"),
                summary + "\n" + String.join("\n", result.problems()) + "\n");
        assertEquals(summary, List.of(), result.problems());
    }
}
