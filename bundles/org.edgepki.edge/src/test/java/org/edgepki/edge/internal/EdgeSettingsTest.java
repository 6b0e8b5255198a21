package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.edgepki.api.workload.WorkloadException;
import org.junit.jupiter.api.Test;

class EdgeSettingsTest {

    @Test
    void without_a_hostname_the_operating_system_s_is_used_in_lower_case() throws Exception {
        EdgeSettings settings = EdgeSettings.from(config("", ""), "Gateway-1");
        assertEquals("gateway-1", settings.hostname());
        assertEquals(Duration.ofDays(30), settings.moduleValidity());
    }

    @Test
    void an_invalid_hostname_is_rejected_naming_the_attribute() {
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> EdgeSettings.from(config("bad_host!", ""), "os"));
        assertEquals("org.edgepki.edge/hostname", e.subject());
        assertTrue(e.rule().contains("RFC 1123"));
    }

    @Test
    void ip_addresses_are_valid_hostnames() throws Exception {
        assertEquals("192.168.1.10", EdgeSettings.from(config("192.168.1.10", ""), "os").hostname());
        assertTrue(EdgeSettings.isIpAddress("fe80::1"));
    }

    private static EdgeConfig config(String hostname, String deviceId) {
        return new EdgeConfig() {
            @Override public Class<? extends Annotation> annotationType() { return EdgeConfig.class; }
            @Override public String hostname() { return hostname; }
            @Override public String device__id() { return deviceId; }
            @Override public String registration__id() { return ""; }
            @Override public int module__cert__validity__days() { return 30; }
            @Override public String module__key__algorithm() { return "ec-p256:rsa-2048:*"; }
            @Override public int service__timeout__seconds() { return 10; }
        };
    }
}
