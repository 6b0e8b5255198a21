package org.edgepki.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.edgepki.api.CredentialIds;
import org.edgepki.common.files.StoreFileName;

/**
 * Renewals killed with SIGKILL at random instants: a {@link RenewalKillChild} renews over and over
 * on one state directory (every third run first switches the Edge CA between quickstart and local_ca in
 * config.toml, so the kill lands in the replacement that follows), is killed, and the next one starts on what it
 * left. Half the kills come
 * at a uniformly random time, half at a random time shortly after a renewal wrote its first
 * temporary file, since the instants that matter most (between the commit's renames) are a few
 * milliseconds of each renewal. Before each restart
 * every credential must have a certificate and a key that either match or are completed by the
 * interrupted renewal's temporary files; after it, every pair must match, its chain verify and its
 * certificate be valid, with no temporary files left.
 */
final class RenewalKillTrials {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** After temporary files appear, the kill comes within this time: the rest of the renewal and its commit. */
    private static final Duration IN_RENEWAL_KILL_DELAY = Duration.ofMillis(5);
    private static final String HOSTNAME = "gw-kill.local";

    /**
     * What the trials saw.
     *
     * @param trials how many processes were killed
     * @param renewals renewals committed before the kills, in all
     * @param edits runs that began by switching the Edge CA's method in config.toml (a replacement follows)
     * @param replacements of those replacements, the ones committed before the kill (the others by the next start)
     * @param killedMidRenewal kills that left an interrupted renewal's temporary files
     * @param killedMidCommit kills between the commit's two renames (key and certificate differ)
     * @param completed interrupted renewals the next start completed
     * @param rolledBack interrupted renewals the next start rolled back
     * @param problems every broken rule, with its trial; empty when all held
     * @param elapsed the whole run
     */
    record Result(int trials, long renewals, int edits, long replacements, int killedMidRenewal, int killedMidCommit,
            int completed, int rolledBack, List<String> problems, Duration elapsed) {
        String summary() {
            return trials + " kills in " + elapsed.toSeconds() + " s: " + renewals + " renewals committed before them; "
                    + edits + " runs switched the Edge CA's method first, " + replacements + " of the replacements"
                    + " were committed before the kill, the others were left to the next start; "
                    + killedMidRenewal + " kills left an interrupted renewal (" + killedMidCommit
                    + " between the commit's renames), the next start completed " + completed + " and rolled back "
                    + rolledBack + "; " + problems.size() + " problems";
        }
    }

    private final Path home;
    private final Random random;
    private final Duration longestKillDelay;

    /**
     * @param home an empty state directory
     * @param seed for the kill instants
     * @param longestKillDelay kills come up to this long after the first renewal of a run
     */
    RenewalKillTrials(Path home, long seed, Duration longestKillDelay) {
        this.home = home;
        this.random = new Random(seed);
        this.longestKillDelay = longestKillDelay;
    }

    Result run(int trials) throws Exception {
        long started = System.nanoTime();
        writeConfig();
        List<String> problems = new ArrayList<>();
        long renewals = 0;
        long replacements = 0;
        int edits = 0;
        int midRenewal = 0;
        int midCommit = 0;
        int completed = 0;
        int rolledBack = 0;
        for (int trial = 0; trial <= trials && problems.isEmpty(); trial++) {
            if (trial > 0) {
                for (String id : RenewalKillChild.RENEWED_IDS) {
                    switch (leftByKill(id, trial, problems)) {
                        case MID_COMMIT -> {
                            midCommit++;
                            midRenewal++;
                        }
                        case MID_RENEWAL -> midRenewal++;
                        default -> {
                        }
                    }
                }
            }
            Path log = home.resolveSibling(home.getFileName() + "-run-" + trial + ".log");
            boolean edit = trial % 3 == 2 && trial < trials;
            edits += edit ? 1 : 0;
            Process child = start(log, edit);
            BlockingQueue<String> lines = lines(child);
            try {
                String first = lines.poll(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!RenewalKillChild.READY.equals(first)) {
                    problems.add("run " + trial + " did not settle: " + first + " (see " + log + ")");
                    break;
                }
                for (String id : List.of(CredentialIds.EDGE_CA, CredentialIds.DEVICE_ID, RenewalKillChild.EDGE_HUB)) {
                    for (String problem : StoredPair.read(home, id).problems(new Date())) {
                        problems.add("after restart " + trial + ": " + problem);
                    }
                    StoredPair temp = StoredPair.read(home, id + CredentialIds.TEMP_SUFFIX);
                    if (!temp.chain().isEmpty() || temp.key().isPresent()) {
                        problems.add("after restart " + trial + ": temporary files of " + id + " are left");
                    }
                }
                String recoveries = Files.readString(log);
                completed += count(recoveries, ": completed");
                rolledBack += count(recoveries, ": rolled back");
                OutputStream stdin = child.getOutputStream();
                if (trial == trials) {
                    stdin.close(); // the last run only shows the last kill was recovered
                    child.waitFor(30, TimeUnit.SECONDS);
                    break;
                }
                stdin.write((RenewalKillChild.GO + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                String renewed = lines.poll(60, TimeUnit.SECONDS);
                String expected = edit ? RenewalKillChild.EDITED : RenewalKillChild.RENEWED;
                if (renewed == null || !renewed.startsWith(expected)) {
                    problems.add("run " + trial + " did not start with " + expected + ": " + renewed + " (see " + log
                            + ")");
                    break;
                }
                if (edit) {
                    // the kill lands in the replacement: once its temporary files exist, within a few milliseconds
                    awaitTemporaryFiles();
                    LockSupport.parkNanos((long) (random.nextDouble() * IN_RENEWAL_KILL_DELAY.toNanos()));
                } else if (trial % 2 == 0) {
                    LockSupport.parkNanos((long) (random.nextDouble() * longestKillDelay.toNanos()));
                } else {
                    // Half the kills aim at the narrow part: a renewal's temporary files exist.
                    awaitTemporaryFiles();
                    LockSupport.parkNanos((long) (random.nextDouble() * IN_RENEWAL_KILL_DELAY.toNanos()));
                }
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
            }
            renewals += (edit ? 0 : 1) + lines.stream().filter(line -> line.startsWith(RenewalKillChild.RENEWED)).count();
            replacements += lines.stream().filter(line -> line.startsWith(RenewalKillChild.REPLACED)).count();
        }
        return new Result(trials, renewals, edits, replacements, midRenewal, midCommit, completed, rolledBack, problems,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Polls (every 0.1 ms, at most 5 s) until a renewal has written a temporary key or chain. */
    private void awaitTemporaryFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String id : RenewalKillChild.RENEWED_IDS) {
            String temp = id + CredentialIds.TEMP_SUFFIX;
            files.add(home.resolve("keyd/keys").resolve(StoreFileName.of(temp, ".key")));
            files.add(home.resolve("certd/certs").resolve(StoreFileName.of(temp, ".cer")));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && files.stream().noneMatch(Files::exists)) {
            LockSupport.parkNanos(100_000);
        }
    }

    private enum Left {
        WHOLE, MID_RENEWAL, MID_COMMIT
    }

    /** What a kill left of one credential; a broken rule is added to {@code problems}. */
    private Left leftByKill(String id, int trial, List<String> problems) throws IOException {
        StoredPair pair = StoredPair.read(home, id);
        StoredPair temp = StoredPair.read(home, id + CredentialIds.TEMP_SUFFIX);
        if (pair.chain().isEmpty() || pair.key().isEmpty()) {
            problems.add("after kill " + trial + ": " + id + " has no " + (pair.chain().isEmpty() ? "certificate" : "key"));
            return Left.WHOLE;
        }
        boolean interrupted = !temp.chain().isEmpty() || temp.key().isPresent();
        if (pair.matches()) {
            return interrupted ? Left.MID_RENEWAL : Left.WHOLE;
        }
        // Between the renames: the key is new, the certificate old; the new chain waits under the temporary id.
        if (!temp.chain().isEmpty() && pair.keySignsFor(temp.chain().get(0).getPublicKey())) {
            return Left.MID_COMMIT;
        }
        problems.add("after kill " + trial + ": " + id + "'s certificate does not match its key, and no interrupted"
                + " renewal completes it");
        return Left.WHOLE;
    }

    private Process start(Path log, boolean edit) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("edgepki.runtime.dir", "edgepki.itest.dir", "edgepki.itest.framework")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(RenewalKillChild.class.getName());
        command.add(home.toString());
        if (edit) {
            command.add(RenewalKillChild.REPLACE);
        }
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    private static BlockingQueue<String> lines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "kill-trial-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * A quickstart Edge CA renewed with a new key, and a DPS device identity from a local CA
     * renewed with the same key: both rotate_key settings, both issuers.
     */
    private void writeConfig() throws Exception {
        TestPki pki = new TestPki();
        // the test root: it may issue CAs, so the Edge CA can be switched to local_ca
        Path dir = Files.createDirectories(home.resolve("pki"));
        Path caFile = dir.resolve("local-ca.pem");
        TestPki.write(caFile, TestPki.pem(pki.root), "rw-r--r--");
        Path caKey = pki.writeKey(dir.resolve("local-ca.key.pem"), pki.rootKey);
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"" + HOSTNAME + "\"\n\n"
                + RenewalKillChild.QUICKSTART_EDGE_CA + "\n[edge_ca.auto_renew]\nrotate_key = true\n"
                + "threshold = \"80%\"\nretry = \"4%\"\n\n"
                + "[provisioning]\nsource = \"dps\"\nglobal_endpoint = \"https://global.azure-devices-provisioning.net\"\n"
                + "id_scope = \"0ab1234C5D6\"\n\n[provisioning.attestation]\nmethod = \"x509\"\nregistration_id = \"gw1\"\n\n"
                + "[provisioning.attestation.identity_cert]\nmethod = \"local_ca\"\ncommon_name = \"gw1\"\nexpiry_days = 30\n\n"
                + "[provisioning.attestation.identity_cert.auto_renew]\nrotate_key = false\nthreshold = \"80%\"\n"
                + "retry = \"4%\"\n\n[cert_issuance.local_ca]\ncert = \"" + caFile.toUri() + "\"\npk = \""
                + caKey.toUri() + "\"\n");
    }
}
