package org.edgepki.common.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void private_files_are_0600_in_0700_directories() throws IOException {
        Path dir = tmp.resolve("keyd/keys");
        AtomicFiles.ensureDirectory(dir, AtomicFiles.PRIVATE_DIR);
        Path file = dir.resolve("k.key");
        AtomicFiles.write(file, "secret".getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE_FILE);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void an_existing_directory_gets_the_required_mode() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("loose"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        AtomicFiles.ensureDirectory(dir, AtomicFiles.PRIVATE_DIR);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void writing_replaces_the_content_and_leaves_no_temp_files() throws IOException {
        Path file = tmp.resolve("c.cer");
        AtomicFiles.write(file, new byte[] {1}, AtomicFiles.PUBLIC_FILE);
        AtomicFiles.write(file, new byte[] {2, 3}, AtomicFiles.PUBLIC_FILE);

        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void move_replaces_the_target_and_delete_reports_existence() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        AtomicFiles.write(a, new byte[] {1}, AtomicFiles.PUBLIC_FILE);
        AtomicFiles.write(b, new byte[] {2}, AtomicFiles.PUBLIC_FILE);

        AtomicFiles.move(a, b);

        assertFalse(Files.exists(a));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(b));
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.move(a, b));
        assertTrue(AtomicFiles.delete(b));
        assertFalse(AtomicFiles.delete(b));
    }
}
