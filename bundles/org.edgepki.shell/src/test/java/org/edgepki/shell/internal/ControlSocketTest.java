package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.check.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket on a real Unix domain socket. The check runner is a fixed report here (the real one answers
 * {@code edgepki check} in OperatorCommandsTest and LauncherRunTest).
 */
class ControlSocketTest {
    @TempDir
    Path home;
    private final List<SocketChannel> clients = new ArrayList<>();
    private ControlSocket control;

    @AfterEach
    void close() throws Exception {
        for (SocketChannel client : clients) {
            client.close();
        }
        if (control != null) {
            control.deactivate();
        }
    }

    @Test
    void clients_that_connect_and_send_nothing_never_hold_up_a_check() throws Exception {
        control = open(Duration.ofSeconds(30));
        for (int i = 0; i < ControlSocket.MAX_CONNECTIONS - 1; i++) {
            connect();
        }
        assertTrue(ask("check\n").startsWith("exit 0\n"));
        for (SocketChannel idle : clients) {
            idle.configureBlocking(false);
            assertEquals(0, idle.read(ByteBuffer.allocate(1)), "the idle clients are still connected, unanswered");
        }
    }

    @Test
    void a_client_that_sends_no_request_in_time_is_cut_off() throws Exception {
        control = open(Duration.ofMillis(200));
        SocketChannel idle = connect();
        assertEquals(-1, idle.read(ByteBuffer.allocate(64)), "closed without an answer");
        assertTrue(ask("check\n").startsWith("exit 0\n"));
    }

    @Test
    void the_socket_is_the_owners_alone() throws Exception {
        control = open(Duration.ofSeconds(2));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control.socket())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control.socket().getParent())));
    }

    @Test
    void an_unknown_or_endless_request_gets_exit_2() throws Exception {
        control = open(Duration.ofSeconds(2));
        assertTrue(ask("rm -rf /\n").startsWith("exit 2\n"));
        assertTrue(ask("x".repeat(256)).startsWith("exit 2\n"), "a request is one line of at most 256 characters");
    }

    private ControlSocket open(Duration requestDeadline) throws IOException {
        ControlSocket socket = new ControlSocket(new FixedChecks(Finding.ok("fixed", "here", "fine")), requestDeadline);
        socket.open(home);
        return socket;
    }

    private SocketChannel connect() throws IOException {
        SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(control.socket()));
        clients.add(client);
        return client;
    }

    private String ask(String request) throws IOException {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(control.socket()))) {
            client.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            return new String(readAll(client), StandardCharsets.UTF_8);
        }
    }

    private static byte[] readAll(SocketChannel client) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (client.read(buffer) > 0) {
            answer.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return answer.toByteArray();
    }
}
