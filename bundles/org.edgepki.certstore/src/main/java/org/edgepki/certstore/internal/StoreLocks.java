package org.edgepki.certstore.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks that the stores of one runtime share (a store and those {@link CertificateStore#withSettings} makes
 * from it): changes to one certificate id are serialised, changes to different ids run at once, so their files'
 * syncs overlap and their directory syncs are shared; changes to the index are serialised by a lock of their own.
 *
 * <p>Ids map onto a fixed number of reentrant stripes, so memory stays bounded however many ids come and go; two
 * ids on one stripe merely wait for each other. A change that holds several ids takes their stripes in one global
 * order, so two changes never wait on each other in a cycle.
 */
final class StoreLocks {
    /** Twice the writers a gateway runs at once (one per core, a few cores), so that they rarely share one. */
    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ReentrantLock index = new ReentrantLock();

    StoreLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The locks of a change, released by {@link #close()} (try-with-resources). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the locks of these ids for the calling thread (reentrant: a thread that holds them may take them again).
     *
     * @param certIds the ids the change writes
     * @return what releases them
     */
    Held lock(String... certIds) {
        int[] order = Arrays.stream(certIds).mapToInt(StoreLocks::stripe).distinct().sorted().toArray();
        for (int i = 0; i < order.length; i++) {
            stripes[order[i]].lock();
        }
        return () -> {
            for (int i = order.length - 1; i >= 0; i--) {
                stripes[order[i]].unlock();
            }
        };
    }

    /**
     * Whether a change may be writing this id now. Conservative: true also when another id of its stripe is being
     * changed; so the index keeps an id whose file is about to be written.
     */
    boolean mayBeChanging(String certId) {
        return stripes[stripe(certId)].isLocked();
    }

    /** @return the lock that serialises changes to the index */
    ReentrantLock index() {
        return index;
    }

    private static int stripe(String certId) {
        int hash = certId.hashCode();
        return Math.floorMod(hash ^ (hash >>> 16), STRIPES);
    }
}
