package org.edgepki.certstore.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.edgepki.common.files.AtomicFiles;

/**
 * The index {@code <home>/certd/index}: the ids of stored chains, one per line (ids cannot hold
 * control characters), because a chain's file name is a hash of its id and cannot be turned back.
 *
 * <p>Crash safety comes from order, not from a second commit: an id is added to the index
 * <em>before</em> its file is written and removed <em>after</em> its file is deleted, and
 * {@link #ids()} keeps only ids whose file exists. So the index is always a superset of the stored
 * ids, a crash at any instant leaves at worst a stale line that is ignored, and the next write drops
 * stale lines. Every write is atomic (temp file, fsync, rename).
 *
 * <p>Thread-safe: changes of the index are serialised by the shared index lock; each caller holds the lock of the
 * id it changes (see {@link StoreLocks}), and a write keeps the lines of ids that may be changing meanwhile, whose
 * files may not exist yet.
 */
final class StoredIds {
    private final Path indexFile;
    private final Function<String, Path> fileOfId;
    private final StoreLocks locks;

    /**
     * @param indexFile the index file
     * @param fileOfId where the chain of an id is stored
     * @param locks the locks shared by every store of this index
     */
    StoredIds(Path indexFile, Function<String, Path> fileOfId, StoreLocks locks) {
        this.indexFile = indexFile;
        this.fileOfId = fileOfId;
        this.locks = locks;
    }

    /** @return the ids whose chain file exists, sorted */
    Set<String> ids() throws IOException {
        return kept(lines(), false);
    }

    /** Records an id whose file is about to be written (its caller holds its lock); drops stale lines if it writes. */
    void add(String id) throws IOException {
        locks.index().lock();
        try {
            Set<String> lines = lines();
            if (!lines.contains(id)) {
                Set<String> ids = kept(lines, true);
                ids.add(id);
                write(ids);
            }
        } finally {
            locks.index().unlock();
        }
    }

    /** Forgets an id whose file has been deleted or moved away; drops stale lines if it writes. */
    void remove(String id) throws IOException {
        locks.index().lock();
        try {
            Set<String> lines = lines();
            if (lines.contains(id)) {
                Set<String> ids = kept(lines, true);
                ids.remove(id);
                write(ids);
            }
        } finally {
            locks.index().unlock();
        }
    }

    /** The lines whose file exists, and when {@code orChanging} those of ids that may be being written now. */
    private Set<String> kept(Set<String> lines, boolean orChanging) {
        Set<String> ids = new TreeSet<>();
        for (String id : lines) {
            if (Files.exists(fileOfId.apply(id)) || orChanging && locks.mayBeChanging(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private Set<String> lines() throws IOException {
        Set<String> lines = new TreeSet<>();
        List<String> read;
        try {
            read = Files.readAllLines(indexFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // Nothing has been stored yet.
            return lines;
        }
        for (String line : read) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private void write(Set<String> ids) throws IOException {
        StringBuilder text = new StringBuilder();
        ids.forEach(id -> text.append(id).append('\n'));
        AtomicFiles.write(indexFile, text.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC_FILE);
    }
}
