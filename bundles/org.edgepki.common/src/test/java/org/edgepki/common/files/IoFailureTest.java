package org.edgepki.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoFailureTest {

    @Test
    void the_system_s_reason_without_a_java_class_name() {
        assertEquals("No space left on device", IoFailure.reason(new IOException("No space left on device")));
        assertEquals("Read-only file system",
                IoFailure.reason(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("no such file or directory", IoFailure.reason(new NoSuchFileException("/x")));
        assertEquals("permission denied", IoFailure.reason(new AccessDeniedException("/x")));
        assertEquals("IOException", IoFailure.reason(new IOException()));
        assertEquals("IOException", IoFailure.reason(new IOException(" ")));
    }
}
