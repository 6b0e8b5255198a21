package org.edgepki.keystore.internal;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed keys by file, so that signing on the issuance hot path does not parse PEM each time.
 * An entry is used only while the file still has the size, modification time and file key
 * (inode) it had when it was read, so a key replaced behind our back is read again.
 */
final class KeyFileCache {
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param file an absolute, normalised path
     * @param stamp the file's current stamp
     * @return the key read from the file with this stamp, or null
     */
    LoadedKey get(Path file, FileStamp stamp) {
        Entry entry = entries.get(file);
        return entry != null && entry.stamp().equals(stamp) ? entry.key() : null;
    }

    /**
     * @param file an absolute, normalised path
     * @param stamp the stamp taken <em>before</em> the content was read, so a concurrent
     *     replacement leaves a stale stamp (read again next time), never a stale key under a
     *     fresh stamp
     * @param key the parsed key
     */
    void put(Path file, FileStamp stamp, LoadedKey key) {
        entries.put(file, new Entry(stamp, key));
    }

    void invalidate(Path file) {
        entries.remove(file);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    /** What identifies one version of a file without reading it. */
    record FileStamp(long size, FileTime modified, Object fileKey) {
        static FileStamp of(BasicFileAttributes attributes) {
            return new FileStamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    private record Entry(FileStamp stamp, LoadedKey key) {
    }
}
