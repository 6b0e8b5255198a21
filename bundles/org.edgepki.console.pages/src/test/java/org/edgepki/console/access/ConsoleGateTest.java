package org.edgepki.console.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every console request passes this gate: names, origins, logins and their throttle. */
class ConsoleGateTest {
    private static final String HOST = "127.0.0.1:8080";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ConsoleGate gate;

    @BeforeEach
    void setUp() throws IOException {
        ConsolePassword.create("operator", PASSWORD.toCharArray()).write(ConsolePassword.file(home));
        gate = new ConsoleGate(new LoginState(home, false), new ConsoleHosts(Set.of("gateway-7", "gateway-7.plant.example"),
                "console.plant.example, *.edge.example", Set.of(8080)), new LoginThrottle(now::get));
        Logger.getLogger(LoginThrottle.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(LoginThrottle.class.getName()).removeHandler(capture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "10.1.2.3:8080", "GATEWAY-7:8080",
        "gateway-7.plant.example:8080", "console.plant.example:8080", "a.edge.example:8080", "b.c.edge.example:8080"})
    void the_consoles_own_names_are_served(String host) {
        assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(get(host, login("operator", PASSWORD))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:8080", "edge.example:8080", "127.0.0.1:9090", "evil.example@127.0.0.1:8080",
        "127.0.0.1:8080/x", "", "127.0.0.1 :8080", "gateway-7.evil.example:8080"})
    void a_dns_rebinding_name_or_another_port_is_refused_before_the_login(String host) {
        ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class,
                gate.admit(get(host.isEmpty() ? null : host, login("operator", PASSWORD))));
        assertEquals(403, refused.status());
    }

    @Test
    void a_state_changing_request_from_another_site_or_from_nowhere_is_refused() {
        for (String[] sender : new String[][] {{"http://evil.example", null}, {null, "http://evil.example/page"},
            {"null", null}, {null, null}, {"http://127.0.0.1:9090", null}, {"https://127.0.0.1:8080", null}}) {
            ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class, gate.admit(new ConsoleRequest(
                    "POST", false, HOST, sender[0], sender[1], "10.0.0.9", "127.0.0.1", login("operator", PASSWORD))));
            assertEquals(403, refused.status(), String.join(",", String.valueOf(sender[0]), String.valueOf(sender[1])));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE")) {
            assertInstanceOf(ConsoleGate.Refused.class, gate.admit(new ConsoleRequest(method, false, HOST,
                    "http://evil.example", null, "10.0.0.9", "127.0.0.1", login("operator", PASSWORD))));
        }
    }

    @Test
    void beyond_loopback_plain_http_is_refused_and_https_passes() {
        for (String local : List.of("192.168.1.20", "10.0.0.1", "::ffff:10.0.0.1", "fe80:0:0:0:0:0:0:1", "[2001:db8::1]",
                "")) {
            ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class, gate.admit(new ConsoleRequest(
                    "GET", false, HOST, null, null, "10.0.0.9", local, login("operator", PASSWORD))), local);
            assertEquals(403, refused.status());
            assertTrue(refused.message().contains("served over HTTPS only"), refused.message());
        }
        assertInstanceOf(ConsoleGate.Refused.class, gate.admit(new ConsoleRequest("GET", false, HOST, null, null,
                "10.0.0.9", null, login("operator", PASSWORD))), "an unknown local address is not loopback");
        for (String local : List.of("127.0.0.1", "127.1.2.3", "::ffff:127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "[::1]")) {
            assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(new ConsoleRequest("GET", false, HOST, null, null,
                    "10.0.0.9", local, login("operator", PASSWORD))), local);
        }
        assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(new ConsoleRequest("GET", true, HOST, null, null,
                "10.0.0.9", "192.168.1.20", login("operator", PASSWORD))));
    }

    @Test
    void a_state_changing_request_from_the_consoles_own_pages_passes() {
        assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(new ConsoleRequest("POST", false, HOST,
                "http://127.0.0.1:8080", null, "10.0.0.9", "127.0.0.1", login("operator", PASSWORD))));
        assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(new ConsoleRequest("POST", false, HOST, null,
                "http://127.0.0.1:8080/system/console/configMgr", "10.0.0.9", "127.0.0.1", login("operator", PASSWORD))));
        assertInstanceOf(ConsoleGate.Admitted.class, gate.admit(new ConsoleRequest("POST", true, "localhost:8080",
                "https://localhost:8080", null, "10.0.0.9", "127.0.0.1", login("operator", PASSWORD))));
    }

    @Test
    void without_credentials_the_browser_is_asked_and_nothing_is_counted() {
        for (int i = 0; i < 20; i++) {
            ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class, gate.admit(get(HOST, null)));
            assertEquals(401, refused.status());
            assertEquals(ConsoleGate.CHALLENGE, refused.headers().get("WWW-Authenticate"));
        }
        assertTrue(logged.isEmpty(), logged::toString);
    }

    @Test
    void repeated_failures_from_one_address_are_locked_out_for_doubling_times_and_logged() {
        for (int i = 1; i <= LoginThrottle.FREE_PER_ADDRESS; i++) {
            assertEquals(401, status(gate.admit(get(HOST, login("operator", "guess " + i), "10.0.0.66"))));
        }
        assertEquals(401, status(gate.admit(get(HOST, login("operator", "guess 6"), "10.0.0.66"))));
        ConsoleGate.Refused locked = assertInstanceOf(ConsoleGate.Refused.class,
                gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.66")));
        assertEquals(429, locked.status());
        assertEquals("1", locked.headers().get("Retry-After"));
        // another address is not locked out by this one; once its login is verified and remembered,
        // the locked-out address still cannot use it to tell a right guess at full speed
        assertEquals(200, status(gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.7"))));
        assertEquals(429, status(gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.66"))));

        now.addAndGet(1001);
        assertEquals(401, status(gate.admit(get(HOST, login("operator", "guess 7"), "10.0.0.66"))));
        assertEquals("2", ((ConsoleGate.Refused) gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.66")))
                .headers().get("Retry-After"));
        now.addAndGet(2001);
        assertEquals(200, status(gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.66"))));

        assertTrue(logged.stream().anyMatch(line -> line.equals(
                "Web Console login failed for user 'operator' from 10.0.0.66 (1 failure(s) in a row)")), logged::toString);
        assertTrue(logged.stream().anyMatch(line -> line.equals(
                "Web Console logins from 10.0.0.66 are refused for 1 s after 6 failures")), logged::toString);
        assertTrue(logged.stream().noneMatch(line -> line.contains("guess")), logged::toString);
    }

    @Test
    void failures_from_many_addresses_lock_out_every_new_login_but_not_one_already_verified() {
        String verified = login("operator", PASSWORD);
        assertEquals(200, status(gate.admit(get(HOST, verified, "10.0.0.1"))));
        for (int i = 0; i <= LoginThrottle.FREE_OVERALL; i++) {
            gate.admit(get(HOST, login("operator", "guess"), "10.1." + i / 250 + "." + i % 250));
        }
        assertEquals(429, status(gate.admit(get(HOST, login("operator", PASSWORD), "10.0.0.2"))));
        // the operator's address, which logged in before, is spared; its login is not hashed again
        assertEquals(200, status(gate.admit(get(HOST, verified, "10.0.0.1"))));
    }

    @Test
    void a_user_name_is_logged_printable_and_short() {
        gate.admit(get(HOST, login("op\nFAKE LOG LINE\u202e" + "x".repeat(100), "guess"), "10.0.0.5"));
        assertEquals(1, logged.size());
        assertFalse(logged.get(0).contains("\n"), logged.get(0));
        assertFalse(logged.get(0).contains("\u202e"), logged.get(0));
        assertTrue(logged.get(0).contains("…"), logged.get(0));
    }

    @Test
    void a_malformed_header_is_a_failure_and_asks_again() {
        assertEquals(401, status(gate.admit(get(HOST, "Basic %%%not-base64"))));
        assertEquals(401, status(gate.admit(get(HOST, "Basic " + Base64.getEncoder().encodeToString("no colon".getBytes(
                StandardCharsets.UTF_8))))));
        assertEquals(2, logged.size(), logged::toString);
    }

    @Test
    void an_installed_runtime_without_a_login_is_not_served() {
        ConsoleGate refusing = new ConsoleGate(new LoginState(home.resolve("empty"), false),
                new ConsoleHosts(Set.of(), null, Set.of()), new LoginThrottle(now::get));
        ConsoleGate.Refused refused = assertInstanceOf(ConsoleGate.Refused.class, refusing.admit(get(HOST, null)));
        assertEquals(503, refused.status());
        assertTrue(refused.message().contains("console-password"), refused.message());
    }

    @Test
    void every_response_gets_the_framing_and_sniffing_headers() {
        assertEquals("DENY", ConsoleGate.SECURITY_HEADERS.get("X-Frame-Options"));
        assertEquals("frame-ancestors 'none'", ConsoleGate.SECURITY_HEADERS.get("Content-Security-Policy"));
        assertEquals("nosniff", ConsoleGate.SECURITY_HEADERS.get("X-Content-Type-Options"));
        assertEquals("same-origin", ConsoleGate.SECURITY_HEADERS.get("Referrer-Policy"));
    }

    private static int status(ConsoleGate.Verdict verdict) {
        return verdict instanceof ConsoleGate.Refused refused ? refused.status() : 200;
    }

    private static ConsoleRequest get(String host, String authorization) {
        return get(host, authorization, "10.0.0.9");
    }

    private static ConsoleRequest get(String host, String authorization, String address) {
        return new ConsoleRequest("GET", false, host, null, null, address, "127.0.0.1", authorization);
    }

    private static String login(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
