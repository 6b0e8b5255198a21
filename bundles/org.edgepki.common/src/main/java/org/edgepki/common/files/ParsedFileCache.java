package org.edgepki.common.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed file contents (keys, certificate chains) by file, so that the issuance hot path does not
 * parse PEM each time. An entry is used only while the file still has the size, modification time
 * and file key (inode) it had when it was read, so a file replaced behind our back is read again.
 *
 * @param <V> what a file parses to
 */
public final class ParsedFileCache<V> {
    private final Map<Path, Entry<V>> entries = new ConcurrentHashMap<>();

    /**
     * @param file an absolute, normalised path
     * @param stamp the file's current stamp
     * @return what was parsed from the file with this stamp, or null
     */
    public V get(Path file, FileStamp stamp) {
        Entry<V> entry = entries.get(file);
        return entry != null && entry.stamp().equals(stamp) ? entry.value() : null;
    }

    /**
     * @param file an absolute, normalised path
     * @param stamp the stamp taken <em>before</em> the content was read, so a concurrent
     *     replacement leaves a stale stamp (read again next time), never stale content under a
     *     fresh stamp
     * @param value what the content parsed to
     */
    public void put(Path file, FileStamp stamp, V value) {
        entries.put(file, new Entry<>(stamp, value));
    }

    /** Forgets the file, after we wrote, moved or deleted it. */
    public void invalidate(Path file) {
        entries.remove(file);
    }

    /** Forgets everything. */
    public void clear() {
        entries.clear();
    }

    /** @return the number of cached files */
    public int size() {
        return entries.size();
    }

    /**
     * What identifies one version of a file without reading it.
     *
     * @param size the size in bytes
     * @param modified the modification time
     * @param fileKey the file system's key (inode), or null
     */
    public record FileStamp(long size, FileTime modified, Object fileKey) {
        /** @return the stamp of a file with these attributes */
        public static FileStamp of(BasicFileAttributes attributes) {
            return new FileStamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    private record Entry<V>(FileStamp stamp, V value) {
    }
}
