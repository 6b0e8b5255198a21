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
import org.junit.jupiter.api.Assumptions;
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
        assertTrue(ask("x".repeat(ControlSocket.MAX_REQUEST)).startsWith("exit 2\na request is one line of at most"),
                "a request is one line of at most 4096 characters");
    }

    @Test
    void another_user_is_refused_even_when_the_file_system_lets_it_in() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/bin/python3")), "needs root, setpriv and python3 to connect as nobody");
        control = open(Duration.ofSeconds(2));
        assertTrue(ask("check\n").startsWith("exit 0\n"), "the owner may ask");
        // a mistake an operator could make: the directory and the socket opened to everyone
        for (Path open = control.socket().getParent(); !open.equals(home.getParent()); open = open.getParent()) {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.setPosixFilePermissions(control.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Process nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                + "s.sendall(b'certs\\n')\nsys.stdout.write(s.makefile().read())", control.socket().toString())
                .redirectErrorStream(true).start();
        String answer = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, nobody.waitFor(), answer);
        assertEquals("error 2\nrefused: user nobody may not use this runtime's control socket; run the command as"
                + " root\n", answer);
    }

    @Test
    void only_the_owner_and_root_are_peers() throws Exception {
        var users = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        ControlPeers peers = new ControlPeers(users.lookupPrincipalByName("daemon"), users.lookupPrincipalByName("root"));
        assertEquals(null, peers.refusal(users.lookupPrincipalByName("daemon")));
        assertEquals(null, peers.refusal(users.lookupPrincipalByName("root")));
        assertEquals("refused: user nobody may not use this runtime's control socket; run the command as daemon or root",
                peers.refusal(users.lookupPrincipalByName("nobody")));
    }

    private ControlSocket open(Duration requestDeadline) throws IOException {
        ControlSocket socket = new ControlSocket(new OperatorRequests(new FixedChecks(Finding.ok("fixed", "here", "fine")),
                () -> null, new CertificateCommands(), new TrustCommands(OsTrustStore.of(key -> null), null)),
                requestDeadline);
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
