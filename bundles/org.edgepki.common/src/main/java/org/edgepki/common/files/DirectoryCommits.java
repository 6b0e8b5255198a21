package org.edgepki.common.files;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Group commit of directory syncs: writers that renamed into (or deleted from) the same directory at about the
 * same time share one fsync of it.
 *
 * <p>A writer calls {@link #commit} after its rename and joins the directory's <em>open round</em>: the next
 * sync that has not started yet. A sync that starts after the rename makes the rename durable, so when that round
 * has synced, every member returns. One round of a directory syncs at a time; the member that finds none running
 * starts its own round (and takes the open one's place), the others wait without spinning. While a sync runs, the
 * writers arriving meanwhile gather in the next open round, which one of them syncs for all when the running one
 * ends. A failed sync fails every member of its round (each gets its own exception, with the sync's as cause):
 * none of them returns as durable. Thread-safe.
 */
final class DirectoryCommits {
    private final DirectorySync sync;
    /** By absolute normalized directory; an entry is a few fields, and a runtime writes a handful of directories. */
    private final ConcurrentMap<Path, Directory> directories = new ConcurrentHashMap<>();

    DirectoryCommits(DirectorySync sync) {
        this.sync = sync;
    }

    /**
     * Returns once a sync of {@code dir} that started after this call began has completed.
     *
     * @param dir the directory whose entries changed
     * @throws IOException if the sync that was to cover this call failed: the change may not be durable
     */
    void commit(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        Directory directory = directories.computeIfAbsent(key, any -> new Directory());
        boolean interrupted = false;
        Round mine;
        synchronized (directory) {
            mine = directory.join();
            while (true) {
                if (mine.done) {
                    if (mine.retriedIn != null) {
                        mine = mine.retriedIn;
                        continue;
                    }
                    restoreInterrupt(interrupted);
                    if (mine.failure != null) {
                        throw failureOf(key, mine.failure);
                    }
                    return;
                }
                if (directory.running == null) {
                    directory.start(mine);
                    break;
                }
                try {
                    directory.wait();
                } catch (InterruptedException e) {
                    // The rename is done: the caller must still learn whether it is durable (at most the running
                    // sync and its own away).
                    interrupted = true;
                }
            }
        }
        lead(key, directory, mine, interrupted);
    }

    /** @return how many times writers joined a round of {@code dir}, for tests */
    long joined(Path dir) {
        Directory directory = directories.get(dir.toAbsolutePath().normalize());
        if (directory == null) {
            return 0;
        }
        synchronized (directory) {
            return directory.joined;
        }
    }

    private void lead(Path dir, Directory directory, Round round, boolean interrupted) throws IOException {
        IOException failure = null;
        // An interrupt the caller already had would close the channel and fail the sync of every member: it is
        // kept for after.
        interrupted |= Thread.interrupted();
        try {
            sync.sync(dir);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new IOException("syncing the directory " + dir + " failed: " + e, e);
            throw e;
        } finally {
            synchronized (directory) {
                if (failure instanceof ClosedByInterruptException) {
                    // The leader's interrupt closed its channel mid-sync: that says nothing of the disk, and only
                    // the leader was interrupted. The others move to the open round, synced next.
                    round.retriedIn = directory.open();
                } else {
                    round.failure = failure;
                }
                round.done = true;
                directory.running = null;
                directory.notifyAll();
            }
            restoreInterrupt(interrupted);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Each member gets its own exception (one instance thrown in several threads would mix their stack traces). */
    private static IOException failureOf(Path dir, IOException failure) {
        FileSystemException own = new FileSystemException(dir.toString(), null,
                "syncing the directory failed: " + IoFailure.reason(failure));
        own.initCause(failure);
        return own;
    }

    private static void restoreInterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One directory's rounds; guarded by its own monitor. */
    private static final class Directory {
        /** The round writers join now: it has not started. Null until someone joins. */
        private Round open;
        /** The round whose sync runs, or null. */
        private Round running;
        private long joined;

        Round join() {
            joined++;
            return open();
        }

        Round open() {
            if (open == null) {
                open = new Round();
            }
            return open;
        }

        void start(Round round) {
            // A round that is not done and not running has not started: it is the open one.
            running = round;
            open = null;
        }
    }

    /** One sync and the writers it covers; guarded by its directory's monitor. */
    private static final class Round {
        private boolean done;
        /** Why its sync failed, if it did. */
        private IOException failure;
        /** The round its members wait for instead, when its leader was interrupted. */
        private Round retriedIn;
    }
}
