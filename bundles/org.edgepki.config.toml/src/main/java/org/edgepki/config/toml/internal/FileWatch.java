package org.edgepki.config.toml.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Calls back when one file is created, written, replaced (editors save by rename) or deleted. It
 * watches the file's directory, so the file may come and go. One daemon thread; {@link #close()}
 * stops it.
 */
final class FileWatch implements AutoCloseable {
    private final WatchService watcher;
    private final Thread thread;

    private FileWatch(Path file, Runnable onChange) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path name = file.getFileName();
        watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(() -> loop(name, onChange), "edgepki-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching; fails when the file's directory does not exist. */
    static FileWatch start(Path file, Runnable onChange) throws IOException {
        return new FileWatch(file, onChange);
    }

    private void loop(Path name, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
                }
                if (relevant) {
                    onChange.run();
                }
                if (!key.reset()) {
                    return; // the directory went away
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
