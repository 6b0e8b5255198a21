package org.edgepki.credentials.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Credentials ordered by when they are next due: adding, moving and removing one is O(log n), and
 * the earliest is found in O(log n). Not thread-safe: {@link RenewalTimer} guards it.
 */
final class RenewalQueue {
    private record Entry(Instant due, long sequence, String id) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final TreeSet<Entry> byDue = new TreeSet<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private long sequence;

    /** Puts the credential at {@code due}, moving it if it was queued already. */
    void schedule(String id, Instant due) {
        remove(id);
        Entry entry = new Entry(due, sequence++, id);
        byDue.add(entry);
        byId.put(id, entry);
    }

    /** @return whether the credential was queued */
    boolean remove(String id) {
        Entry entry = byId.remove(id);
        return entry != null && byDue.remove(entry);
    }

    /** @return when the credential is next due */
    Optional<Instant> due(String id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.due());
    }

    /** @return the earliest due time, if anything is queued */
    Optional<Instant> earliest() {
        return byDue.isEmpty() ? Optional.empty() : Optional.of(byDue.first().due());
    }

    /** Takes every credential due at {@code now} out of the queue, earliest first. */
    List<String> takeDue(Instant now) {
        List<String> due = new ArrayList<>();
        while (!byDue.isEmpty() && !byDue.first().due().isAfter(now)) {
            Entry entry = byDue.pollFirst();
            byId.remove(entry.id());
            due.add(entry.id());
        }
        return due;
    }

    int size() {
        return byId.size();
    }
}
