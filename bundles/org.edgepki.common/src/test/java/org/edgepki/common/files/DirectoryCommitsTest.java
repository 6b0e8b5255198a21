package org.edgepki.common.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit through {@link AtomicFiles#write}: the first writer's sync is held until every writer has joined
 * a round, so the rounds are known exactly (the first writer alone, then all the others together).
 */
class DirectoryCommitsTest {
    private static final int WRITERS = 8;

    @TempDir
    Path dir;
    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
    private final AtomicInteger syncs = new AtomicInteger();
    /** The targets that had been renamed when a sync started that has completed: durable ones. */
    private final Set<Path> durable = ConcurrentHashMap.newKeySet();
    private final List<Path> targets = new ArrayList<>();
    private DirectoryCommits commits;
    /** Which sync (from 1) fails with {@link #syncFailure}; 0: none. */
    private int failingSync;
    private IOException syncFailure = new IOException("Input/output error");

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void concurrent_writers_to_one_directory_share_syncs_and_return_only_when_durable() throws Exception {
        commits = new DirectoryCommits(this::recordingSync);

        List<Future<Boolean>> writers = startWriters();

        for (int i = 0; i < WRITERS; i++) {
            assertTrue(writers.get(i).get(10, TimeUnit.SECONDS), targets.get(i) + " returned before a sync that"
                    + " started after its rename completed");
            assertArrayEquals(content(i), Files.readAllBytes(targets.get(i)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(targets.get(i))));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(WRITERS, files.count(), "no temp files left");
        }
        // the first writer's own sync, then one for the seven that joined while it ran
        assertEquals(2, syncs.get());
        assertTrue(syncs.get() < WRITERS);
    }

    @Test
    void a_failed_directory_sync_fails_every_writer_it_was_to_cover() throws Exception {
        commits = new DirectoryCommits(this::recordingSync);
        failingSync = 2;

        List<Future<Boolean>> writers = startWriters();

        int succeeded = 0;
        int returnedAsDurableWithoutBeing = 0;
        List<Throwable> failures = new ArrayList<>();
        for (Future<Boolean> writer : writers) {
            try {
                if (writer.get(10, TimeUnit.SECONDS)) {
                    succeeded++;
                } else {
                    returnedAsDurableWithoutBeing++;
                }
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        assertEquals(0, returnedAsDurableWithoutBeing, "writers returned although the sync meant for them failed");
        assertEquals(1, succeeded, "only the first writer's sync succeeded");
        assertEquals(WRITERS - 1, failures.size());
        for (Throwable failure : failures) {
            assertInstanceOf(IOException.class, failure);
            assertEquals("Input/output error", IoFailure.reason((IOException) failure).replace(
                    "syncing the directory failed: ", ""));
            assertTrue(failure == syncFailure || failure.getCause() == syncFailure, String.valueOf(failure));
        }
        assertEquals(1, failures.stream().filter(failure -> failure == syncFailure).count(),
                "the writer that synced throws the sync's own exception, each other one its own");
        assertNotSame(failures.get(0), failures.get(1));

        // the failure is not kept: the next write syncs again and succeeds
        Path after = dir.resolve("after");
        AtomicFiles.write(after, new byte[] {1}, AtomicFiles.PUBLIC_FILE, commits);
        assertEquals(3, syncs.get());
    }

    @Test
    void an_interrupt_of_the_writer_that_syncs_fails_only_that_writer() throws Exception {
        commits = new DirectoryCommits(this::recordingSync);
        failingSync = 2;
        syncFailure = new ClosedByInterruptException();

        List<Future<Boolean>> writers = startWriters();

        int durableWriters = 0;
        List<Throwable> failures = new ArrayList<>();
        for (Future<Boolean> writer : writers) {
            try {
                assertTrue(writer.get(10, TimeUnit.SECONDS), "returned before its file was durable");
                durableWriters++;
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        assertEquals(List.of(syncFailure), failures);
        assertEquals(WRITERS - 1, durableWriters);
        // the first writer's sync, the interrupted one, and one more for the six others
        assertEquals(3, syncs.get());
    }

    @Test
    void one_writer_still_gets_a_sync_of_its_own() throws IOException {
        commits = new DirectoryCommits(d -> {
            syncs.incrementAndGet();
            DirectorySync.FSYNC.sync(d);
        });
        AtomicFiles.write(dir.resolve("a"), new byte[] {1}, AtomicFiles.PUBLIC_FILE, commits);
        AtomicFiles.write(dir.resolve("b"), new byte[] {2}, AtomicFiles.PUBLIC_FILE, commits);
        assertEquals(2, syncs.get());
        assertEquals(2, commits.joined(dir));
    }

    /**
     * Counts the sync; the first one waits (in the sync, as a slow disk would) until every writer has joined.
     * Then a real fsync, after which what had been renamed when it started is durable, unless this is the
     * {@link #failingSync}.
     */
    private void recordingSync(Path d) throws IOException {
        int call = syncs.incrementAndGet();
        List<Path> renamed = targets.stream().filter(Files::exists).toList();
        if (call == 1) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (commits.joined(d) < WRITERS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + commits.joined(d) + " writers joined");
                }
                sleep();
            }
        }
        DirectorySync.FSYNC.sync(d);
        if (call == failingSync) {
            throw syncFailure;
        }
        durable.addAll(renamed);
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return per writer, whether its file was durable when {@link AtomicFiles#write} returned */
    private List<Future<Boolean>> startWriters() {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            targets.add(dir.resolve("module" + i + ".key"));
        }
        for (int i = 0; i < WRITERS; i++) {
            int writer = i;
            writers.add(threads.submit(() -> {
                start.await();
                AtomicFiles.write(targets.get(writer), content(writer), AtomicFiles.PRIVATE_FILE, commits);
                return durable.contains(targets.get(writer));
            }));
        }
        start.countDown();
        return writers;
    }

    private static byte[] content(int writer) {
        return ("key of module " + writer).getBytes(StandardCharsets.UTF_8);
    }
}
