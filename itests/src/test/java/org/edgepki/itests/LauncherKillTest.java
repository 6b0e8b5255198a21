package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * The framework cache is kept between starts ({@code -runkeep} in {@code cnf/runtime.bnd}), so a power cut can
 * now hit it: {@code bin/edgepki} is killed with SIGKILL at random instants of its start, the first one included
 * (installing the bundles, recording their digests, starting them, making the Edge CA), and the start after the
 * last kill must still come up whole: the Edge CA in use, the edgeHub certificate issued or kept, the console
 * answering, every readiness check run; and the start after that one reports no problem at all.
 */
public class LauncherKillTest {
    private static final int KILLS = Integer.getInteger("edgepki.launcher.kills", 10);
    /** A start takes 3 to 7 s here: the kills fall anywhere in it. */
    private static final int LATEST_KILL_MILLIS = 6000;

    @Test
    public void a_start_killed_at_random_instants_never_keeps_the_next_start_from_coming_up() throws Exception {
        long seed = Long.getLong("edgepki.launcher.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path home = EdgePkiRuntime.newStateDirectory("launcher-kill");
        int port = LaunchedRuntime.freePort();
        List<Integer> instants = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            int millis = 200 + random.nextInt(LATEST_KILL_MILLIS);
            instants.add(millis);
            try (LaunchedRuntime killed = LaunchedRuntime.start(home, port, true)) {
                Thread.sleep(millis);
                // close() kills it with SIGKILL, as a power cut would end it
            }
        }
        String trials = "seed " + seed + ", killed after " + instants + " ms";
        try (LaunchedRuntime last = LaunchedRuntime.start(home, port, true)) {
            last.awaitOutput("edgeHub server certificate for ");
            assertTrue(trials + "\n" + last.output(), last.outputContains("Using the Edge CA CN=aziot-edge CA"));
            assertEquals(trials, 200, last.awaitConsole("/bundles", "admin", "admin").status());
            // The framework may report an archive it found half written and installed again ("ERROR: Error
            // reloading cached bundle, removing it"): that is its recovery. edgepki itself reports no problem, and
            // every readiness check runs: only the quickstart Edge CA's warning (exit 1), no error (2).
            assertFalse(trials + "\n" + last.output(), last.outputContains("SEVERE"));
            LaunchedRuntime.CommandResult check = LaunchedRuntime.command(home, "", "check");
            assertEquals(trials + "\n" + check.output(), 1, check.exitCode());
            last.terminate();
        }
        // After that recovery the cache is whole: the next start and stop report nothing at all.
        try (LaunchedRuntime next = LaunchedRuntime.start(home, port, true)) {
            next.awaitOutput("edgeHub server certificate for ");
            assertEquals(trials, 200, next.awaitConsole("/bundles", "admin", "admin").status());
            assertFalse(trials + "\n" + next.output(), next.outputContains("ERROR") || next.outputContains("SEVERE"));
            next.stop();
        }
        System.out.println("LauncherKillTest " + EdgePkiRuntime.framework() + ": " + trials);
    }
}
