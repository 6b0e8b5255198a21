package org.edgepki.config.toml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedFileTest {
    private static final byte[] CONFIG = "[edge_ca]\npk = \"pkcs11:object=ca?pin-value=1234\"\n"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path home;

    @Test
    void the_content_applied_last_is_recognised_and_nothing_else_is() {
        AppliedFile applied = new AppliedFile(new SecretDirectory(home));
        assertFalse(applied.matches(CONFIG), "never applied");

        applied.record(CONFIG);

        assertTrue(applied.matches(CONFIG));
        assertTrue(new AppliedFile(new SecretDirectory(home)).matches(CONFIG), "after a restart");
        byte[] changed = CONFIG.clone();
        changed[changed.length - 3] = '5';
        assertFalse(applied.matches(changed), "one byte changed while the runtime was down");
    }

    @Test
    void the_record_is_private_and_tells_nothing_about_a_short_pin_in_the_file() throws Exception {
        new AppliedFile(new SecretDirectory(home)).record(CONFIG);

        Path record = home.resolve(SecretDirectory.NAME).resolve(AppliedFile.NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record.getParent())));
        byte[] stored = Files.readAllBytes(record);
        // a plain hash would let anyone who reads it try the 10,000 PINs against it
        assertNotEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONFIG)),
                HexFormat.of().formatHex(stored));
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("1234"));
    }

    @Test
    void a_forgotten_or_damaged_record_makes_the_next_start_wait_for_the_apply() throws Exception {
        AppliedFile applied = new AppliedFile(new SecretDirectory(home));
        applied.record(CONFIG);
        Path record = home.resolve(SecretDirectory.NAME).resolve(AppliedFile.NAME);

        Files.write(record, new byte[] {1, 2, 3});
        assertFalse(applied.matches(CONFIG), "damaged");

        applied.record(CONFIG);
        applied.forget();
        assertFalse(Files.exists(record));
        assertFalse(applied.matches(CONFIG), "forgotten");
    }
}
