package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The exported launcher as `make run` starts it: a real process that creates the quickstart Edge
 * CA and the edgeHub certificate, serves the Web Console, stops cleanly on SIGTERM and starts
 * again from the same state.
 */
public class LauncherRunTest {
    private static final String EDGE_CA_FILE =
            "certd/certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @Test
    public void the_runtime_starts_issues_serves_the_console_stops_on_sigterm_and_restarts_from_its_state()
            throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("launcher");
        int port = freePort();

        Launched first = launch(home, port);
        first.awaitOutput("edgeHub server certificate for ");
        assertTrue(first.output(), first.outputContains("Created quickstart Edge CA"));
        assertTrue(first.output(), first.outputContains(home.resolve(EDGE_CA_FILE).toString()));
        assertEquals(200, awaitConsole(port));
        byte[] edgeCa = Files.readAllBytes(home.resolve(EDGE_CA_FILE));
        first.stop();

        Launched second = launch(home, port);
        second.awaitOutput("edgeHub server certificate for ");
        assertTrue(second.output(), second.outputContains("Using quickstart Edge CA"));
        assertTrue(second.output(), second.outputContains("(kept,"));
        assertArrayEquals(edgeCa, Files.readAllBytes(home.resolve(EDGE_CA_FILE)));
        second.stop();
    }

    private static Launched launch(Path home, int port) throws IOException {
        Path script = EdgePkiRuntime.launcherJar().getParent().getParent().resolve("bin/edgepki");
        ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("EDGEPKI_HOME", home.toString());
        // Never the machine's /etc/aziot/config.toml (nor one named by the developer's environment).
        builder.environment().put("EDGEPKI_CONFIG", EdgePkiRuntime.configToml(home).toString());
        builder.environment().put("EDGEPKI_HTTP_PORT", Integer.toString(port));
        builder.environment().put("EDGEPKI_FRAMEWORK", EdgePkiRuntime.framework());
        return new Launched(builder.start());
    }

    /** The console starts after the credentials (a later start level): wait for it. */
    private static int awaitConsole(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                return consoleStatus(port);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int consoleStatus(int port) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(
                "http://127.0.0.1:" + port + "/system/console/bundles").toURL().openConnection();
        connection.setRequestProperty("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A started runtime process whose output is collected line by line. */
    private static final class Launched {
        private final Process process;
        private final Thread reader;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Launched(Process process) {
            this.process = process;
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

        boolean outputContains(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        String output() {
            return String.join("\n", lines);
        }

        /**
         * SIGTERM, then the JVM's shutdown hook stops the framework. Through the process handle:
         * {@code Process.destroy()} would also close our end of its output before we read it all.
         */
        void stop() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the runtime did not stop within 30 s of SIGTERM:\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            int exit = process.exitValue();
            assertTrue("exit code " + exit + ":\n" + output(), exit == 0 || exit == 143);
            assertTrue("no errors while stopping:\n" + output(),
                    lines.stream().noneMatch(line -> line.contains("Exception")));
        }
    }
}
