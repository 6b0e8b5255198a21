package org.edgepki.itests;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An Apache Karaf distribution unpacked under target/ and run as a real process ({@code bin/karaf server}),
 * driven through {@code bin/client} (its SSH console) with the default karaf/karaf login.
 *
 * <p>The client runs in batch mode ({@code -b}, commands on standard input): with the commands as
 * arguments and standard input at end of file it closes the session before any output comes back.
 * Batch mode prints what a command writes but not what it returns, so a Gogo function that returns
 * its report (as {@code edgepki:certs} does) is run as {@code echo (edgepki:certs)}.
 */
final class KarafProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z=>]");

    final Path home;
    final int sshPort;
    final int httpPort;
    private Process process;

    private KarafProcess(Path home, int sshPort, int httpPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
    }

    /** Unpacks the distribution tar.gz into a new directory below {@code into} (with tar, which keeps bin/ executable). */
    static Path unpack(Path distribution, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        run(List.of("tar", "xzf", distribution.toString(), "-C", into.toString(), "--strip-components=1"), into);
        return into;
    }

    /**
     * Configures an unpacked Karaf: mvn: URLs from the build's local repository and the one remote
     * repository the build uses; SSH, RMI and HTTP on free loopback ports; the karaf/karaf user
     * (commented out in users.properties since Karaf 4.3); {@code edgepki.home} and {@code edgepki.config}
     * as system properties.
     */
    static KarafProcess configure(Path home, Path localRepository, String remoteRepositories, Path edgepkiHome)
            throws IOException {
        KarafProcess karaf = new KarafProcess(home, freePort(), freePort());
        Path etc = home.resolve("etc");
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.localRepository = " + localRepository,
                "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories = " + remoteRepositories,
                "org.ops4j.pax.url.mvn.timeout = 10000", ""));
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + karaf.sshPort);
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost = 0.0.0.0", "sshHost = 127.0.0.1");
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + freePort());
        // Pax Web's feature config (port 8181) is only written when etc/ has none.
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + karaf.httpPort
                + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n");
        // File Install writes every etc/*.cfg back on the first boot; now and then that left
        // org.ops4j.pax.logging.cfg without a single property (no karaf.log). Nothing here needs it.
        replace(etc.resolve("config.properties"), "felix.fileinstall.enableConfigSave = true",
                "felix.fileinstall.enableConfigSave = false");
        replace(etc.resolve("users.properties"), "#karaf = karaf,_g_:admingroup", "karaf = karaf,_g_:admingroup");
        replace(etc.resolve("users.properties"), "#_g_\\:admingroup", "_g_\\:admingroup");
        Files.writeString(etc.resolve("system.properties"), "\nedgepki.home = " + edgepkiHome
                + "\nedgepki.config = " + EdgePkiRuntime.configToml(edgepkiHome) + "\n", StandardOpenOption.APPEND);
        return karaf;
    }

    /** Starts {@code bin/karaf server}; its console output goes to karaf.out beside bin/. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(home.resolve("karaf.out").toFile());
        environment(builder);
        process = builder.start();
    }

    /** Waits until the SSH console runs commands. */
    void awaitShell() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!client("echo karaf-shell-ready").contains("karaf-shell-ready")) {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf exited with " + process.exitValue() + ":\n" + Files.readString(home.resolve("karaf.out")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no Karaf shell on port " + sshPort + " within " + TIMEOUT.toSeconds() + " s\n" + log());
            }
            Thread.sleep(500);
        }
    }

    /** Runs console commands in one client session; returns their output without colours and the client's own warnings. */
    String client(String... commands) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-a", Integer.toString(sshPort), "-h", "127.0.0.1", "-u", "karaf", "-p", "karaf", "-b")
                .directory(home.toFile()).redirectErrorStream(true);
        environment(builder);
        Process client = builder.start();
        try (var stdin = client.getOutputStream()) {
            stdin.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (var stdout = client.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!client.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client " + String.join("; ", commands) + " did not finish:\n" + output);
        }
        return ANSI.matcher(output).replaceAll("").lines()
                .filter(line -> !line.startsWith("SLF4J") && !line.startsWith("client: JAVA_HOME"))
                .collect(Collectors.joining("\n"));
    }

    /** The bundles whose symbolic name starts with {@code prefix}: symbolic name → "id state version", from {@code bundle:list -s}. */
    java.util.SortedMap<String, String> bundles(String prefix) throws IOException, InterruptedException {
        java.util.SortedMap<String, String> bundles = new java.util.TreeMap<>();
        Pattern row = Pattern.compile("^\\s*(\\d+)\\s*\\|\\s*(\\w+)\\s*\\|\\s*\\d+\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*$");
        for (String line : client("bundle:list -s -t 0").split("\n")) {
            Matcher m = row.matcher(line);
            if (m.matches() && m.group(4).startsWith(prefix)) {
                bundles.put(m.group(4), m.group(1) + " " + m.group(2) + " " + m.group(3));
            }
        }
        return bundles;
    }

    /** The service.id values of the services each of these bundles registered ({@code bundle:services -p}, in one session). */
    java.util.SortedMap<String, List<String>> serviceIds(List<String> bundleIds) throws IOException, InterruptedException {
        String[] commands = bundleIds.stream().map(id -> "echo bundle-" + id + " ; bundle:services -p " + id).toArray(String[]::new);
        java.util.SortedMap<String, List<String>> ids = new java.util.TreeMap<>();
        List<String> current = null;
        for (String line : client(commands).split("\n")) {
            Matcher bundle = Pattern.compile("^bundle-(\\d+)$").matcher(line.trim());
            Matcher service = Pattern.compile("service\\.id = (\\d+)").matcher(line);
            if (bundle.matches()) {
                current = new java.util.ArrayList<>();
                ids.put(bundle.group(1), current);
            } else if (service.find() && current != null) {
                current.add(service.group(1));
            }
        }
        return ids;
    }

    /** Waits until data/log/karaf.log has a line containing {@code text}. */
    void awaitLog(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in karaf.log:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no data/log/karaf.log)";
    }

    /** {@code bin/stop}, then waits for the process to end. */
    void stop() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true);
        environment(builder);
        String output = run(builder);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("Karaf did not stop within 60 s of bin/stop:\n" + output);
        }
    }

    boolean isAlive() {
        return process != null && (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive));
    }

    /** Kills Karaf (bin/karaf and the JVM it started) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = process.descendants().collect(Collectors.toList());
        all.add(process.toHandle());
        for (ProcessHandle handle : all) {
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("Karaf process " + handle.pid() + " did not end", e);
            }
        }
    }

    private static void environment(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KARAF_OPTS");
        builder.environment().remove("EXTRA_JAVA_OPTS");
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " has no '" + from + "'");
        }
        Files.writeString(file, text.replace(from, to));
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true));
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", builder.command()) + " failed:\n" + output);
        }
        return output;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
