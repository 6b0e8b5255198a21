package org.edgepki.console.https.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.issuer.SubjectAltName.Type;
import org.junit.jupiter.api.Test;

class HttpsSettingsTest {
    private static final List<InetAddress> INTERFACES = List.of(address("127.0.0.1"), address("192.0.2.7"),
            address("2001:db8:0:0:0:0:0:7"));

    @Test
    void without_a_port_nothing_is_served() {
        assertEquals(Optional.empty(), HttpsSettings.from(Map.<String, String>of()::get, "gw-1", INTERFACES));
    }

    @Test
    void on_every_address_the_certificate_names_the_host_the_listed_names_and_every_interface_address() {
        HttpsSettings settings = HttpsSettings.from(Map.of(HttpsSettings.PORT, "8443", HttpsSettings.HOSTS,
                "Console.Example, *.example.com,bad name")::get, "gw-1", INTERFACES).orElseThrow();
        assertEquals("0.0.0.0", settings.host());
        assertEquals(8443, settings.port());
        assertEquals("gw-1", settings.commonName());
        assertEquals(List.of(new SubjectAltName(Type.DNS, "gw-1"), new SubjectAltName(Type.DNS, "console.example"),
                new SubjectAltName(Type.IP, "127.0.0.1"), new SubjectAltName(Type.IP, "192.0.2.7"),
                new SubjectAltName(Type.IP, "2001:db8:0:0:0:0:0:7")), settings.names());
    }

    @Test
    void on_one_address_the_certificate_names_that_address() {
        HttpsSettings settings = HttpsSettings.from(Map.of(HttpsSettings.PORT, "9443", HttpsSettings.HOST,
                "192.0.2.7")::get, "gw-1", INTERFACES).orElseThrow();
        assertEquals(List.of(new SubjectAltName(Type.DNS, "gw-1"), new SubjectAltName(Type.IP, "192.0.2.7")),
                settings.names());
        HttpsSettings named = HttpsSettings.from(Map.of(HttpsSettings.PORT, "9443", HttpsSettings.HOST,
                "gw-1.lan")::get, "gw-1", INTERFACES).orElseThrow();
        assertTrue(named.names().contains(new SubjectAltName(Type.DNS, "gw-1.lan")));
    }

    @Test
    void a_bad_port_or_address_names_the_property() {
        for (String port : List.of("0", "65536", "https", "-1")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> HttpsSettings.from(Map.of(HttpsSettings.PORT, port)::get, "gw-1", INTERFACES));
            assertEquals("edgepki.console.https.port must be a port, 1 to 65535", error.getMessage());
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HttpsSettings.from(Map.of(HttpsSettings.PORT, "8443", HttpsSettings.HOST, "gw 1")::get, "gw-1",
                        INTERFACES));
        assertEquals("edgepki.console.https.host must be an IP address or a host name", error.getMessage());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
