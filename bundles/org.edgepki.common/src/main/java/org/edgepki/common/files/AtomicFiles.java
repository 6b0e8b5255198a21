package org.edgepki.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file operations: a reader sees the old content or the new, never a mix, and a power
 * cut after a method returns cannot undo it (file and directory are fsynced).
 *
 * <p>Writers to the same directory at the same time share its fsync (group commit): each returns only
 * once a sync of the directory that <em>started after its rename</em> has completed, so the guarantee
 * is the same as with a sync of its own; when that sync fails, every writer it was to cover gets the
 * {@link IOException}. Thread-safe.
 */
public final class AtomicFiles {
    /** rw------- for private keys. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ for the key directory. */
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    /** rw-r--r-- for certificates. */
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** rwxr-xr-x for the certificate directory. */
    public static final Set<PosixFilePermission> PUBLIC_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final DirectoryCommits DIRECTORIES = new DirectoryCommits(DirectorySync.FSYNC);

    private AtomicFiles() {
    }

    /**
     * Creates the directory (and parents) if needed and sets its permissions. Parents that did not
     * exist get the same permissions, so a private directory is never reachable through a
     * world-writable parent that we created.
     */
    public static void ensureDirectory(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            ensureDirectory(parent, PUBLIC_DIR);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(permissions));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        // createDirectory is subject to the umask: set the mode explicitly.
        Files.setPosixFilePermissions(dir, permissions);
    }

    /**
     * Writes a file atomically with the given permissions: temp file in the same directory (created
     * with the final permissions, so the content is never readable by others), fsync, rename,
     * fsync of the directory (shared with concurrent writers to it). When it returns, the new
     * content is durable under the target's name.
     *
     * @throws IOException if any step failed, the sync of the directory included: the target then
     *     holds the old content or the new, and the new may not survive a power cut
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, content, permissions, DIRECTORIES);
    }

    /** {@link #write(Path, byte[], Set)} with the given directory commits (tests count and fail syncs through it). */
    static void write(Path target, byte[] content, Set<PosixFilePermission> permissions, DirectoryCommits directories)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.setPosixFilePermissions(temp, permissions);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // fdatasync: the content and the size; the rename and the directory sync below
                // make the new name durable.
                channel.force(false);
            }
            moveReplacing(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        directories.commit(dir);
    }

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}, and syncs the directories. */
    public static void move(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            throw new NoSuchFileException(from.toString());
        }
        moveReplacing(from, to);
        DIRECTORIES.commit(to.toAbsolutePath().getParent());
        Path fromDir = from.toAbsolutePath().getParent();
        if (!fromDir.equals(to.toAbsolutePath().getParent())) {
            DIRECTORIES.commit(fromDir);
        }
    }

    /** Deletes the file if it exists and syncs its directory; returns whether it existed. */
    public static boolean delete(Path file) throws IOException {
        boolean existed = Files.deleteIfExists(file);
        if (existed) {
            DIRECTORIES.commit(file.toAbsolutePath().getParent());
        }
        return existed;
    }

    private static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", e);
        }
    }
}
