package org.edgepki.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code bin/edgepki check [--json]}: asks the running runtime for its check report over the
 * control socket and exits with its code: 0 ready, 1 warnings, 2 errors (or no runtime answers).
 * Plain Java, no OSGi: it runs from the shell bundle's jar.
 */
public final class ControlClient {
    private ControlClient() {
    }

    /**
     * @param args {@code check} or {@code check --json}; the state directory comes from
     *     {@code EDGEPKI_HOME} (default {@code /var/lib/edgepki})
     */
    public static void main(String[] args) {
        String request = String.join(" ", args).strip();
        if (!request.equals("check") && !request.equals("check --json")) {
            System.err.println("usage: edgepki check [--json]");
            System.exit(2);
        }
        String home = System.getenv("EDGEPKI_HOME");
        Path socket = Path.of(home == null || home.isBlank() ? "/var/lib/edgepki" : home)
                .resolve(ControlSocket.DIRECTORY).resolve(ControlSocket.FILE);
        System.exit(ask(socket, request));
    }

    static int ask(Path socket, String request) {
        String reply;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            try (InputStream in = Channels.newInputStream(channel)) {
                reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return failed(request, "no runtime answers on " + socket + " (" + e.getMessage() + "): start it"
                    + " (runtime-config/bin/edgepki), with the same EDGEPKI_HOME, then run check again");
        }
        int newline = reply.indexOf('\n');
        if (!reply.startsWith("exit ") || newline < 0) {
            return failed(request, "the runtime's answer is not a check report");
        }
        System.out.print(reply.substring(newline + 1));
        return Integer.parseInt(reply.substring(5, newline).strip());
    }

    /** Says why on standard error, and for {@code --json} as a JSON result on standard output too, for scripts. */
    private static int failed(String request, String reason) {
        System.err.println("edgepki check: " + reason);
        if (request.endsWith("--json")) {
            System.out.print(CheckReportFormat.jsonFailure(reason));
        }
        return 2;
    }
}
