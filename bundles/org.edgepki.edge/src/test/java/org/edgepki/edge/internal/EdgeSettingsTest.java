package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.edgepki.api.workload.WorkloadException;
import org.junit.jupiter.api.Test;

class EdgeSettingsTest {

    @Test
    void defaults_give_a_quickstart_edge_ca_named_after_the_hostname() throws Exception {
        EdgeSettings settings = EdgeSettings.from(config("", "", ""), "Gateway-1");
        assertEquals("gateway-1", settings.hostname());
        assertEquals("quickstart", settings.edgeCaMethod());
        assertEquals("aziot-edge CA gateway-1", settings.edgeCaCommonName());
        assertEquals(Duration.ofDays(90), settings.edgeCaValidity());
        assertEquals("rsa-2048", settings.edgeCaKeyPreference());
    }

    @Test
    void the_device_id_names_the_quickstart_edge_ca_and_is_cut_to_64_characters() throws Exception {
        String deviceId = "d".repeat(80);
        String cn = EdgeSettings.from(config("gw", deviceId, ""), "os").edgeCaCommonName();
        assertEquals(64, cn.length());
        assertTrue(cn.startsWith("aziot-edge CA ddd"));
    }

    @Test
    void an_invalid_hostname_is_rejected_naming_the_attribute() {
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> EdgeSettings.from(config("bad_host!", "", ""), "os"));
        assertEquals("org.edgepki.edge/hostname", e.subject());
        assertTrue(e.rule().contains("RFC 1123"));
    }

    @Test
    void ip_addresses_are_valid_hostnames() throws Exception {
        assertEquals("192.168.1.10", EdgeSettings.from(config("192.168.1.10", "", ""), "os").hostname());
        assertTrue(EdgeSettings.isIpAddress("fe80::1"));
    }

    @Test
    void a_common_name_longer_than_64_characters_is_rejected() {
        assertThrows(WorkloadException.class, () -> EdgeSettings.from(config("gw", "", "x".repeat(65)), "os"));
    }

    @Test
    void the_cn_of_a_configured_subject_wins_over_the_common_name() throws Exception {
        EdgeSettings settings = EdgeSettings.from(config("gw", "", "ignored", "L=AQ", "ST=Antarctica", "CN=test CA"),
                "os");

        assertEquals("test CA", settings.edgeCaCommonName());
        assertEquals(new X500Name("L=AQ,ST=Antarctica,CN=test CA"), settings.edgeCaRequestSubject());
    }

    @Test
    void without_a_subject_the_edge_ca_is_requested_with_its_common_name_alone() throws Exception {
        EdgeSettings settings = EdgeSettings.from(config("gw", "", "my CA", " "), "os");

        assertNull(settings.edgeCaSubject());
        assertEquals(new X500Name("CN=my CA"), settings.edgeCaRequestSubject());
    }

    @Test
    void a_subject_cn_equal_to_the_hostname_or_too_long_is_rejected_naming_the_subject() {
        WorkloadException sameName = assertThrows(WorkloadException.class,
                () -> EdgeSettings.from(config("gw", "", "", "O=Contoso", "CN=GW"), "os"));
        WorkloadException tooLong = assertThrows(WorkloadException.class,
                () -> EdgeSettings.from(config("gw", "", "", "CN=" + "x".repeat(65)), "os"));

        assertEquals("org.edgepki.edge/edge_ca_subject", sameName.subject());
        assertTrue(sameName.rule().contains("must differ from the hostname"), sameName.rule());
        assertEquals("org.edgepki.edge/edge_ca_subject", tooLong.subject());
        assertFalse(sameName.isRetryable());
    }

    private static EdgeConfig config(String hostname, String deviceId, String commonName, String... subject) {
        return new EdgeConfig() {
            @Override public Class<? extends Annotation> annotationType() { return EdgeConfig.class; }
            @Override public String hostname() { return hostname; }
            @Override public String device__id() { return deviceId; }
            @Override public String edge__ca__method() { return "quickstart"; }
            @Override public String edge__ca__common__name() { return commonName; }
            @Override public String[] edge__ca__subject() { return subject; }
            @Override public int edge__ca__expiry__days() { return 90; }
            @Override public String edge__ca__key__algorithm() { return "rsa-2048"; }
            @Override public String edge__ca__issuer__id() { return ""; }
            @Override public int module__cert__validity__days() { return 30; }
            @Override public String module__key__algorithm() { return "ec-p256:rsa-2048:*"; }
            @Override public int service__timeout__seconds() { return 10; }
        };
    }
}
