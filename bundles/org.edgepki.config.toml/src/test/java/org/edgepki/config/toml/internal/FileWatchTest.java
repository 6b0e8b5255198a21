package org.edgepki.config.toml.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTest {
    @TempDir
    Path dir;

    @Test
    void reports_creation_in_place_writes_and_replacement_by_rename_but_not_other_files() throws Exception {
        Path file = dir.resolve("config.toml");
        Semaphore changes = new Semaphore(0);
        try (FileWatch watch = FileWatch.start(file, changes::release)) {
            Files.writeString(file, "hostname = \"a\"\n");
            assertTrue(changes.tryAcquire(30, TimeUnit.SECONDS), "creation");
            drain(changes);
            Files.writeString(dir.resolve("other.toml"), "x = 1\n");
            Files.writeString(file, "hostname = \"b\"\n");
            assertTrue(changes.tryAcquire(30, TimeUnit.SECONDS), "write in place");
            drain(changes);
            Path temp = Files.writeString(dir.resolve(".config.toml.swp"), "hostname = \"c\"\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(changes.tryAcquire(30, TimeUnit.SECONDS), "replacement by rename");
        }
    }

    @Test
    void a_missing_directory_cannot_be_watched() {
        Path file = dir.resolve("missing").resolve("config.toml");
        try (FileWatch watch = FileWatch.start(file, () -> { })) {
            throw new AssertionError("watching a missing directory should fail");
        } catch (IOException expected) {
            assertTrue(expected.getMessage().contains("missing"), expected.getMessage());
        }
    }

    private static void drain(Semaphore semaphore) throws InterruptedException {
        Thread.sleep(200);
        semaphore.drainPermits();
    }
}
