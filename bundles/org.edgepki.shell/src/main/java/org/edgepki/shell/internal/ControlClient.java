package org.edgepki.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code bin/edgepki check [--json]}, {@code config apply [--dry-run]}, {@code certs}, {@code cert <id>},
 * {@code renew <id>}, {@code import <id> <file> [--password-file <file>]} and {@code trust install|status}: asks the
 * running runtime
 * over the control socket and exits with its code (see {@link OperatorRequests}); 2 when no runtime
 * answers. Plain Java, no OSGi: it runs from the shell bundle's jar.
 */
public final class ControlClient {
    static final String USAGE = "usage: edgepki check [--json] | config apply [--dry-run] | certs | cert <id>"
            + " | renew <id> | import <id> <file> [--password-file <file>] | trust install|status";

    private ControlClient() {
    }

    /**
     * @param args the command and its arguments; the state directory comes from {@code EDGEPKI_HOME}
     *     (default {@code /var/lib/edgepki})
     */
    public static void main(String[] args) {
        List<String> words = request(args);
        if (words == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String home = System.getenv("EDGEPKI_HOME");
        Path socket = Path.of(home == null || home.isBlank() ? "/var/lib/edgepki" : home)
                .resolve(ControlSocket.DIRECTORY).resolve(ControlSocket.FILE);
        System.exit(ask(socket, words));
    }

    /** @return the request's words, the files of {@code import} made absolute; null when it is not a request */
    static List<String> request(String[] args) {
        List<String> words = new ArrayList<>(List.of(args));
        if (words.isEmpty() || words.stream().anyMatch(word -> word.isEmpty()
                || word.chars().anyMatch(Character::isISOControl))) {
            return null;
        }
        boolean known = switch (words.get(0)) {
            case "check" -> words.equals(List.of("check")) || words.equals(List.of("check", "--json"));
            case "config" -> words.equals(List.of("config", "apply")) || words.equals(List.of("config", "apply", "--dry-run"));
            case "certs" -> words.size() == 1;
            case "cert", "renew" -> words.size() == 2;
            case "import" -> words.size() == 3 || words.size() == 5 && words.get(3).equals("--password-file");
            case "trust" -> words.equals(List.of("trust", "install")) || words.equals(List.of("trust", "status"));
            default -> false;
        };
        if (!known) {
            return null;
        }
        if (words.get(0).equals("import")) {
            words.set(2, Path.of(words.get(2)).toAbsolutePath().toString());
            if (words.size() == 5) {
                words.set(4, Path.of(words.get(4)).toAbsolutePath().toString());
            }
        }
        return words;
    }

    static int ask(Path socket, List<String> words) {
        String request = words.stream().map(word -> URLEncoder.encode(word, StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
        boolean json = words.equals(List.of("check", "--json"));
        String reply;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            try (InputStream in = Channels.newInputStream(channel)) {
                reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return failed(words.get(0), json, "no runtime answers on " + socket + " (" + e.getMessage() + "): start it"
                    + " (runtime-config/bin/edgepki), with the same EDGEPKI_HOME, then run " + words.get(0) + " again");
        }
        int newline = reply.indexOf('\n');
        String[] status = newline < 0 ? new String[0] : reply.substring(0, newline).split(" ");
        if (status.length != 2 || !status[0].equals("exit") && !status[0].equals("error")
                || !status[1].matches("[0-9]")) {
            return failed(words.get(0), json, "the runtime's answer is not one this command understands");
        }
        if (status[0].equals("exit")) {
            System.out.print(reply.substring(newline + 1));
        } else {
            System.err.print("edgepki " + words.get(0) + ": " + reply.substring(newline + 1));
        }
        return Integer.parseInt(status[1]);
    }

    /** Says why on standard error, and for {@code check --json} as a JSON result on standard output too, for scripts. */
    private static int failed(String command, boolean json, String reason) {
        System.err.println("edgepki " + command + ": " + reason);
        if (json) {
            System.out.print(CheckReportFormat.jsonFailure(reason));
        }
        return 2;
    }
}
