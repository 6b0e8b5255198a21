package org.edgepki.itests;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The exported launcher started as `make run` starts it ({@code runtime-config/bin/edgepki}), as a
 * real process of the framework under test, whose output is collected line by line. Closing it
 * kills a process still running (after a failed test); {@link #stop()} is the asserted clean stop.
 */
final class LaunchedRuntime implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LaunchedRuntime(Process process, int port) {
        this.process = process;
        this.port = port;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param home the state directory
     * @param port the Web Console port
     * @param dev whether to start in development mode ({@code EDGEPKI_DEV=1}, as `make run` does)
     */
    static LaunchedRuntime start(Path home, int port, boolean dev) throws IOException {
        return start(home, port, dev, java.util.Map.of());
    }

    /**
     * @param environment further variables for {@code bin/edgepki}, such as {@code EDGEPKI_HTTP_HOST}
     */
    static LaunchedRuntime start(Path home, int port, boolean dev, java.util.Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(script().toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("EDGEPKI_HOME", home.toString());
        // Never the machine's /etc/aziot/config.toml (nor one named by the developer's environment).
        builder.environment().put("EDGEPKI_CONFIG", EdgePkiRuntime.configToml(home).toString());
        builder.environment().put("EDGEPKI_HTTP_PORT", Integer.toString(port));
        builder.environment().put("EDGEPKI_FRAMEWORK", EdgePkiRuntime.framework());
        if (dev) {
            builder.environment().put("EDGEPKI_DEV", "1");
        }
        builder.environment().putAll(environment);
        return new LaunchedRuntime(builder.start(), port);
    }

    /** Sets the console login of a state directory with {@code bin/edgepki console-password}, as an operator does. */
    static void setConsolePassword(Path home, String user, String password) {
        try {
            CommandResult set = command(home, password + "\n", "console-password", user);
            if (set.exitCode() != 0) {
                throw new AssertionError("edgepki console-password failed: " + set.output());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return the Web Console's address, e.g. {@code http://127.0.0.1:8080/system/console} */
    String console() {
        return "http://127.0.0.1:" + port + "/system/console";
    }

    /** Waits for a line of output containing {@code text}; fails if the runtime exits or it does not come. */
    void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!outputContains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("the runtime exited with " + process.exitValue() + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("no '" + text + "' within " + START_TIMEOUT.toSeconds() + " s:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** The exit code and combined output of a {@code bin/edgepki} command. */
    record CommandResult(int exitCode, String output) {
    }

    /** What the console answered: the HTTP status and the body. */
    record ConsoleAnswer(int status, String body) {
    }

    /**
     * The console starts after the credentials (a later start level), and its plugins register
     * after it: waits until a console page answers 200 to admin/admin.
     *
     * @param page the page below {@link #console()}, e.g. {@code /bundles}
     * @return 200, or the last status when the page did not answer 200 in time
     */
    int awaitConsole(String page) throws IOException, InterruptedException {
        return awaitConsole(page, "admin", "admin").status();
    }

    /**
     * Waits until the page is there (the console and the plugin registered): an answer other than
     * a refused connection or 404, or the last one after {@link #START_TIMEOUT}.
     */
    ConsoleAnswer awaitConsole(String page, String user, String password) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            ConsoleAnswer answer;
            try {
                answer = get(page, user, password);
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                answer = null;
            }
            if (answer != null && (answer.status() != 404 || System.nanoTime() > deadline)) {
                return answer;
            }
            Thread.sleep(100);
        }
    }

    /** GET of a console page with HTTP Basic credentials. */
    ConsoleAnswer get(String page, String user, String password) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(console() + page).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        try {
            int status = connection.getResponseCode();
            java.io.InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            return new ConsoleAnswer(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
    }

    /**
     * Runs {@code bin/edgepki <arguments>} for this runtime's state directory.
     *
     * @param input what the command reads on standard input
     * @return its exit code and output
     */
    static CommandResult command(Path home, String input, String... arguments) throws IOException, InterruptedException {
        return command(home, input, List.of(), arguments);
    }

    /**
     * Runs {@code bin/edgepki <arguments>} for this runtime's state directory through a wrapper, such as
     * {@code setpriv} to run it as another user.
     */
    static CommandResult command(Path home, String input, List<String> wrapper, String... arguments)
            throws IOException, InterruptedException {
        List<String> commandLine = new java.util.ArrayList<>(wrapper);
        commandLine.add(script().toString());
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        builder.environment().put("EDGEPKI_HOME", home.toString());
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/edgepki " + String.join(" ", arguments) + " did not finish:\n" + output);
        }
        return new CommandResult(process.exitValue(), output);
    }

    private static Path script() {
        return EdgePkiRuntime.launcherJar().getParent().getParent().resolve("bin/edgepki");
    }

    boolean outputContains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    String output() {
        return String.join("\n", lines);
    }

    /**
     * SIGTERM, then the JVM's shutdown hook stops the framework; asserts it stopped in time, with
     * exit code 0 or 143 and no exception logged. Through the process handle:
     * {@code Process.destroy()} would also close our end of its output before we read it all.
     */
    void stop() throws InterruptedException {
        terminate();
        assertTrue("no errors while stopping:\n" + output(),
                lines.stream().noneMatch(line -> line.contains("Exception")));
    }

    /** SIGTERM; asserts the runtime stopped in time with exit code 0 or 143, whatever it logged. */
    void terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the runtime did not stop within 30 s of SIGTERM:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        int exit = process.exitValue();
        assertTrue("exit code " + exit + ":\n" + output(), exit == 0 || exit == 143);
    }

    /** @return the runtime's process id (the launcher script execs the JVM, so it is the JVM's) */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the exit code, once the process has ended by itself within {@code timeout} */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not end within " + timeout + ":\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Kills the runtime if it still runs (a test that failed before {@link #stop()}). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
