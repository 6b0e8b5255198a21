package org.edgepki.common.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a directory's entries (the names renamed into it or deleted from it) durable. The seam of
 * {@link DirectoryCommits}: tests count or fail the syncs through it.
 */
@FunctionalInterface
interface DirectorySync {

    /** fsync(2) of the directory. */
    DirectorySync FSYNC = DirectorySync::fsync;

    /**
     * @param dir an absolute, normalized directory path
     * @throws IOException if the entries may not be durable
     */
    void sync(Path dir) throws IOException;

    private static void fsync(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            // Some file systems (and Windows) cannot open a directory at all: there is nothing to sync with, and the
            // rename itself is still atomic.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            // EINVAL: this file system does not sync directories. Anything else (EIO, ENOSPC, an interrupt) means the
            // new names may not survive a power cut, and the writers must hear it.
            if (!"Invalid argument".equals(e.getMessage())) {
                throw e;
            }
        }
    }
}
