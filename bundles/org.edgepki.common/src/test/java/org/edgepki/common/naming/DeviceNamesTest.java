package org.edgepki.common.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceNamesTest {

    @Test
    void the_default_edge_ca_name_is_iot_edge_s_cut_to_64_characters() {
        assertEquals("aziot-edge CA gw1", DeviceNames.defaultEdgeCaCommonName("gw1"));
        String cut = DeviceNames.defaultEdgeCaCommonName("d".repeat(80));
        assertEquals(64, cut.length());
        assertTrue(cut.startsWith("aziot-edge CA ddd"));
    }

    @Test
    void there_is_always_an_os_hostname() {
        assertFalse(DeviceNames.osHostname().isBlank());
    }
}
