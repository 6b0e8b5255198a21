package org.edgepki.credentials.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.edgepki.api.EdgePkiException;

/**
 * One read/write lock per credential id, so that nobody signs with a credential while its key and certificate are
 * being swapped: the two renames of a commit (or of a recovery) hold the write lock; an issuance by that credential
 * (a module certificate from the Edge CA) holds the read lock while the issuer reads the key and certificate and
 * signs. Without it an issuance between the renames found the new key beside the old certificate. A commit takes
 * no other lock while it holds one, so the credential locks around these never wait on it in a cycle.
 */
final class PairLocks {
    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

    /** A step that may fail as edgepki's services do. */
    interface Step<T> {
        T run() throws EdgePkiException;
    }

    /**
     * @param id the credential whose pair is read (null: none, the step runs unlocked)
     * @return the step's result
     */
    <T> T reading(String id, Step<T> step) throws EdgePkiException {
        return id == null ? step.run() : locked(lock(id).readLock(), step);
    }

    /**
     * @param id the credential whose pair is swapped
     * @return the step's result
     */
    <T> T swapping(String id, Step<T> step) throws EdgePkiException {
        return locked(lock(id).writeLock(), step);
    }

    private ReentrantReadWriteLock lock(String id) {
        return locks.computeIfAbsent(id, any -> new ReentrantReadWriteLock());
    }

    private static <T> T locked(Lock lock, Step<T> step) throws EdgePkiException {
        lock.lock();
        try {
            return step.run();
        } finally {
            lock.unlock();
        }
    }
}
