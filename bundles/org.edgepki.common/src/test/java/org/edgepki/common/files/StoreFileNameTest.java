package org.edgepki.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StoreFileNameTest {

    @Test
    void names_match_the_files_iot_edge_documents() {
        // Both names appear in the IoT Edge documentation's listing of /var/lib/aziot/certd/certs.
        assertEquals("aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer",
                StoreFileName.of("aziot-edged-ca", ".cer"));
        assertEquals("deviceid-bd732105ef89cf8edd2606a5309c8a26b7b5599a4e124a0fe6199b6b2f60e655.cer",
                StoreFileName.of("device-id", ".cer"));
    }

    @Test
    void ids_differing_only_in_punctuation_get_different_files() {
        assertNotEquals(StoreFileName.of("a-b", ".key"), StoreFileName.of("ab", ".key"));
    }

    @Test
    void path_separators_never_reach_the_file_name() {
        String name = StoreFileName.of("../../etc/passwd", ".key");
        assertEquals(-1, name.indexOf('/'));
        assertEquals(-1, name.indexOf(".."));
    }

    @Test
    void invalid_ids_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> StoreFileName.of("", ".key"));
        assertThrows(IllegalArgumentException.class, () -> StoreFileName.of("a\nb", ".key"));
        assertThrows(IllegalArgumentException.class, () -> StoreFileName.of("x".repeat(256), ".key"));
    }
}
