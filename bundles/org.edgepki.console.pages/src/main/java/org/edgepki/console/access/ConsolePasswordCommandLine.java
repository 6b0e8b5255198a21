package org.edgepki.console.access;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code bin/edgepki console-password [user]}: sets the Web Console login of the runtime whose
 * state is in {@code EDGEPKI_HOME}. The password is read twice from the terminal (or once from
 * standard input when there is none) and only its PBKDF2 hash is written. A running runtime uses
 * it at the next request. Plain Java: it runs from the login bundle's jar.
 */
public final class ConsolePasswordCommandLine {
    private ConsolePasswordCommandLine() {
    }

    /** @param args {@code [user]}, default {@code admin} */
    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            System.err.println("usage: edgepki console-password [user]   (the password is read from the terminal or stdin)");
            System.exit(2);
        }
        String user = args.length == 1 ? args[0] : LoginState.DEFAULT_USER;
        String home = System.getenv("EDGEPKI_HOME");
        Path file = ConsolePassword.file(Path.of(home == null || home.isBlank() ? "/var/lib/edgepki" : home));
        char[] password = read();
        try {
            ConsolePassword.create(user, password).write(file);
            System.out.println("edgepki: console login for '" + user + "' written to " + file
                    + "; a running runtime uses it from its next request");
        } catch (IllegalArgumentException e) {
            System.err.println("edgepki console-password: " + e.getMessage());
            System.exit(1);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("New Web Console password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                System.err.println("edgepki console-password: the two passwords differ; nothing written");
                System.exit(1);
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
