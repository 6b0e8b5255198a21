package org.edgepki.keystore.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key id, so that writers of one id are serialised while writers of other ids go on
 * (an RSA key takes ~100 ms to generate). A lock exists only while someone holds or waits for it.
 * Several ids are locked in sorted order, so two moves cannot deadlock.
 */
final class KeyLocks {
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * Blocks until every id is locked by the calling thread.
     *
     * @param keyIds the ids to lock (duplicates allowed)
     * @return the held locks, to close in a try-with-resources
     */
    Held lock(String... keyIds) {
        List<Entry> held = new ArrayList<>();
        for (String keyId : new TreeSet<>(List.of(keyIds))) {
            Entry entry = enter(keyId);
            entry.lock.lock();
            held.add(entry);
        }
        return () -> {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).lock.unlock();
                leave(held.get(i));
            }
        };
    }

    /** @return how many ids have a lock right now */
    synchronized int size() {
        return entries.size();
    }

    private synchronized Entry enter(String keyId) {
        Entry entry = entries.computeIfAbsent(keyId, Entry::new);
        entry.users++;
        return entry;
    }

    private synchronized void leave(Entry entry) {
        if (--entry.users == 0) {
            entries.remove(entry.keyId);
        }
    }

    /** Locks held by the current thread. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final String keyId;
        final ReentrantLock lock = new ReentrantLock();
        int users;

        Entry(String keyId) {
            this.keyId = keyId;
        }
    }
}
