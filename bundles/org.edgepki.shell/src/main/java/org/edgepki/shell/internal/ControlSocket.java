package org.edgepki.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.config.ConfigFileService;
import org.edgepki.common.files.StateHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The runtime's local control socket, {@code <home>/control/control.sock}, behind {@code bin/edgepki
 * check}, {@code config apply}, {@code certs}, {@code cert}, {@code renew}, {@code import} and {@code trust}: a Unix
 * domain socket (0600) in a directory only the runtime's user may enter (0700), and the runtime
 * answers only a peer whose uid ({@code SO_PEERCRED}) is that directory's owner or root
 * ({@link ControlPeers}). A request is one line (see {@link OperatorRequests}); the answer is
 * {@code exit <code>} or {@code error <code>} on the first line, then the text. Each connection has
 * its own thread, at most {@value #MAX_CONNECTIONS} at once (more are closed at once); a client must
 * send its request within {@link #REQUEST_DEADLINE} and is cut off after {@link #ANSWER_DEADLINE},
 * so clients that connect and send nothing never hold up a {@code check}.
 */
@Component(service = {})
public final class ControlSocket {
    static final String DIRECTORY = "control";
    static final String FILE = "control.sock";
    private static final Logger LOG = System.getLogger(ControlSocket.class.getName());
    /** Bounds a request line: two file paths, URL-encoded. */
    static final int MAX_REQUEST = 4096;
    static final int MAX_CONNECTIONS = 16;
    /** A client that has not sent its request line by then is cut off. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(2);
    /** A renewal from EST has 120 s for its enrollment; every check has 20 s. */
    static final Duration ANSWER_DEADLINE = Duration.ofSeconds(180);
    /** The longest Unix socket path the JDK binds on Linux (sun_path holds 108 bytes). */
    private static final int MAX_PATH = 106;

    @Reference
    private CheckService checks;
    @Reference
    private CertificateCommands certificateCommands;
    @Reference
    private TrustCommands trustCommands;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigFileService configFile;

    private final Duration requestDeadline;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private OperatorRequests requests;
    private ControlPeers peers;
    private ServerSocketChannel server;
    private Path socket;
    private ExecutorService handlers;
    private ScheduledExecutorService deadlines;
    private Thread acceptor;

    /** Used by DS. */
    public ControlSocket() {
        this(null, REQUEST_DEADLINE);
    }

    ControlSocket(OperatorRequests requests, Duration requestDeadline) {
        this.requests = requests;
        this.requestDeadline = requestDeadline;
    }

    @Activate
    private void activate(BundleContext context) throws IOException {
        requests = new OperatorRequests(checks, () -> configFile, certificateCommands, trustCommands);
        open(StateHome.resolve(null, context::getProperty));
    }

    /** Opens the socket of the state directory {@code home}; logs and gives up if it cannot. */
    void open(Path home) throws IOException {
        Path directory = home.resolve(DIRECTORY);
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        peers = ControlPeers.ownerOf(directory);
        socket = directory.resolve(FILE);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            LOG.log(Level.ERROR, "The control socket {0} is not opened: a Unix socket path has at most {1} bytes;"
                    + " use a shorter EDGEPKI_HOME for edgepki check to reach this runtime", socket, MAX_PATH);
            socket = null;
            return;
        }
        if (answers(socket)) {
            LOG.log(Level.ERROR, "Another edgepki runtime answers on {0}; this one does not open its control socket", socket);
            socket = null;
            return;
        }
        Files.deleteIfExists(socket);
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            LOG.log(Level.ERROR, "The control socket {0} is not opened ({1}); edgepki check cannot reach this runtime",
                    socket, e.getMessage());
            socket = null;
            return;
        }
        handlers = Executors.newCachedThreadPool(daemon("edgepki-control"));
        deadlines = Executors.newSingleThreadScheduledExecutor(daemon("edgepki-control-deadline"));
        acceptor = daemon("edgepki-control-accept").newThread(this::accept);
        acceptor.start();
    }

    /** @return the socket file, or null when it is not open */
    Path socket() {
        return socket;
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        acceptor.join(TimeUnit.SECONDS.toMillis(5));
        handlers.shutdownNow();
        deadlines.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (!connections.tryAcquire()) {
                    LOG.log(Level.WARNING, "The control socket has {0} connections open; one more was closed",
                            MAX_CONNECTIONS);
                    closeQuietly(client);
                    continue;
                }
                handlers.execute(() -> handle(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "The control socket could not accept a request: {0}", e.toString());
                }
            }
        }
    }

    private void handle(SocketChannel client) {
        var answerDeadline = deadlines.schedule(() -> closeQuietly(client), ANSWER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            answer(client);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "A control request was cut off: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            answerDeadline.cancel(false);
            connections.release();
        }
    }

    private void answer(SocketChannel client) throws IOException, InterruptedException {
        var requestDeadlinePassed = deadlines.schedule(() -> closeQuietly(client), requestDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        char[] buffer = new char[MAX_REQUEST];
        StringBuilder request = new StringBuilder();
        int read;
        while (request.indexOf("\n") < 0 && request.length() < MAX_REQUEST && (read = in.read(buffer, 0, MAX_REQUEST - request.length())) > 0) {
            request.append(buffer, 0, read);
        }
        if (!requestDeadlinePassed.cancel(false)) {
            return; // cut off: the client sent no request in time
        }
        // Refused after its request is read: closing on an unread request would reset the connection, and the
        // peer would never see why.
        String refusal = peers.refusal(client);
        if (refusal != null) {
            write(client, "error 2\n" + refusal + "\n");
            return;
        }
        if (request.indexOf("\n") < 0 && request.length() >= MAX_REQUEST) {
            write(client, "exit 2\na request is one line of at most " + MAX_REQUEST + " characters\n");
            return;
        }
        write(client, requests.reply(request.toString()));
    }

    private static void write(SocketChannel client, String reply) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    /** Whether a live runtime already listens there (a stale file from a killed one does not answer). */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
