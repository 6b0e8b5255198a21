package org.edgepki.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start in a new JVM: the exported launcher until the edgeHub server certificate is ready
 * (first start, which generates the Edge CA, and a restart on existing state), next to a bare
 * Felix + SCR start in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 8)
@Fork(1)
public class StartupBenchmark {
    private static final String EDGE_HUB_READY = "edgeHub server certificate for ";

    private Path work;
    private Path existingHome;
    private List<String> scrBundles;
    private Process process;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("edgepki-startup");
        scrBundles = extract(List.of("org.apache.felix.scr-", "org.osgi.service.component-", "org.osgi.util.promise-",
                "org.osgi.util.function-"));
        existingHome = work.resolve("existing");
        Process first = start(edgepki(existingHome));
        awaitLine(first, EDGE_HUB_READY);
        stop(first);
    }

    @TearDown(Level.Invocation)
    public void stopProcess() throws Exception {
        stop(process);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public void edgepkiFirstStartToEdgeHubCertificate() throws Exception {
        process = start(edgepki(Files.createTempDirectory(work, "home")));
        awaitLine(process, EDGE_HUB_READY);
    }

    @Benchmark
    public void edgepkiRestartToEdgeHubCertificate() throws Exception {
        process = start(edgepki(existingHome));
        awaitLine(process, EDGE_HUB_READY);
    }

    @Benchmark
    public void bareFelixAndScr() throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                BareFrameworkStart.class.getName()));
        command.addAll(scrBundles);
        command.add(Files.createTempDirectory(work, "bare").toString());
        process = start(command);
        awaitLine(process, "ready");
    }

    private List<String> edgepki(Path home) throws IOException {
        Path runtime = Launchers.jar("felix").getParent().getParent();
        return List.of(java(), "-Djava.util.logging.config.file=" + runtime.resolve("logging.properties"),
                "-Dedgepki.home=" + home, "-Dfelix.cm.dir=" + home.resolve("config"),
                "-Dorg.osgi.service.http.port=" + freePort(), "-Dorg.apache.felix.http.host=127.0.0.1",
                "-Dgosh.args=--nointeractive", "-jar", Launchers.jar("felix").toString());
    }

    private List<String> extract(List<String> prefixes) throws IOException {
        List<String> files = new ArrayList<>();
        try (JarFile launcher = new JarFile(Launchers.jar("felix").toFile())) {
            for (String prefix : prefixes) {
                var entry = launcher.stream().filter(e -> e.getName().startsWith("jar/" + prefix)).findFirst()
                        .orElseThrow(() -> new IllegalStateException(prefix + " is not in the launcher"));
                Path file = work.resolve(Path.of(entry.getName()).getFileName().toString());
                try (InputStream in = launcher.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                files.add(file.toString());
            }
        }
        return files;
    }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static void awaitLine(Process process, String text) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(text)) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("the process ended without printing '" + text + "'");
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
