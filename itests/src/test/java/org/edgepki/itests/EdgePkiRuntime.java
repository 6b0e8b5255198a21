package org.edgepki.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that start exactly the bundle set shipped in the exported launcher jar of the
 * framework under test ({@code edgepki.itest.framework}: felix or equinox), with a fresh state
 * directory and a free HTTP port.
 */
public final class EdgePkiRuntime {
    private EdgePkiRuntime() {
    }

    /** @return the framework under test, felix or equinox */
    public static String framework() {
        return System.getProperty("edgepki.itest.framework", "felix");
    }

    /** @return the exported launcher jar of the framework under test */
    public static Path launcherJar() {
        return Path.of(System.getProperty("edgepki.runtime.dir", "../runtime-config/target"))
                .resolve("edgepki-" + framework() + ".jar").toAbsolutePath();
    }

    /** @return a new, empty state directory under target/ */
    public static Path newStateDirectory(String name) {
        Path dir = Path.of(System.getProperty("edgepki.itest.dir", "target/itest-state"))
                .resolve(framework()).resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the config.toml the runtime of this state directory applies (absent unless a test writes it) */
    public static Path configToml(Path home) {
        return home.resolve("config.toml");
    }

    /** The installation-wide grant (framework property) of every test probe: everything. */
    public static final String PROBE_GRANTS = "PAXEXAM-PROBE-* * *";
    /** The same for a framework the test embeds and calls as its system bundle (Felix's or Equinox's name). */
    public static final String SYSTEM_BUNDLE_GRANTS = "org.apache.felix.framework * *, org.eclipse.osgi * *";

    /** The runtime with a new state directory, plus JUnit for the probe. */
    public static Option options(Path home, Option... extra) {
        return optionsWithout(home, null, extra);
    }

    /**
     * The runtime without one of its bundles (which a test then installs, as in the field).
     *
     * @param leftOut the file name start of the bundle left out, or null
     */
    public static Option optionsWithout(Path home, String leftOut, Option... extra) {
        return optionsKeeping(home, fileName -> leftOut == null || !fileName.startsWith(leftOut), extra);
    }

    /**
     * The runtime with only some of its bundles, for another bundle set built on it (as the Kura
     * profile is): the test's bundles in place of the ones left out come in {@code extra}.
     *
     * @param keep whether to install the runtime bundle of this file name (for example
     *        {@code org.apache.felix.scr-2.2.18.jar})
     */
    public static Option optionsKeeping(Path home, Predicate<String> keep, Option... extra) {
        List<Option> options = new ArrayList<>(List.of(frameworkOptions(home)));
        for (Path runtimeBundle : runtimeBundles()) {
            if (!keep.test(runtimeBundle.getFileName().toString())) {
                continue;
            }
            // As in the launcher, the config.toml adapter starts before the other edgepki bundles
            // (and Declarative Services activates it as soon as it starts), so they find the file's
            // configuration at their first activation.
            boolean first = runtimeBundle.getFileName().toString().startsWith("org.edgepki.config.toml");
            options.add(first ? bundle(runtimeBundle.toUri().toString()).startLevel(1)
                    : bundle(runtimeBundle.toUri().toString()));
        }
        options.addAll(List.of(extra));
        return composite(options.toArray(Option[]::new));
    }

    /**
     * What every test framework is given, whatever bundles it runs: a clean cache, the state directory, no
     * config.toml unless the test writes one, a free HTTP port on loopback, Gogo without a terminal, and JUnit
     * for the probe.
     */
    public static Option[] frameworkOptions(Path home) {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(systemTimeout(120_000));
        options.add(frameworkProperty("edgepki.home").value(home.toString()));
        // Never a developer machine's /etc/aziot/config.toml: a test that wants a config.toml
        // writes it here before the framework starts (configToml(home)).
        options.add(frameworkProperty("edgepki.config").value(configToml(home).toString()));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        // The test probe stands for the operator's own code, which the installation grants everything;
        // AuthorizationTest calls as another bundle, which nothing grants.
        options.add(frameworkProperty("edgepki.authorization.grants").value(PROBE_GRANTS));
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("felix.cm.dir").value(home.resolve("config").toString()));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")));
        options.add(mavenBundle("org.apache.servicemix.bundles", "org.apache.servicemix.bundles.junit", "4.13.2_1"));
        options.add(mavenBundle("org.apache.servicemix.bundles", "org.apache.servicemix.bundles.hamcrest", "1.3_1"));
        return options.toArray(Option[]::new);
    }

    /** @return the runtime's bundle whose file name starts with {@code name}, extracted */
    public static Path runtimeBundle(String name) {
        return runtimeBundles().stream().filter(bundle -> bundle.getFileName().toString().startsWith(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("the runtime has no bundle " + name));
    }

    /**
     * @return the bundles of the launcher jar, in its start order, extracted once per build
     */
    public static synchronized List<Path> runtimeBundles() {
        Path jar = launcherJar();
        Path dir = Path.of(System.getProperty("edgepki.itest.dir", "target/itest-state"))
                .resolve("bundles-" + framework()).toAbsolutePath();
        try (JarFile launcher = new JarFile(jar.toFile())) {
            Properties properties = new Properties();
            try (InputStream in = launcher.getInputStream(launcher.getEntry("launcher.properties"))) {
                properties.load(in);
            }
            Files.createDirectories(dir);
            List<Path> bundles = new ArrayList<>();
            for (String entryName : properties.getProperty("launch.bundles").split(",")) {
                ZipEntry entry = launcher.getEntry(entryName.trim());
                Path target = dir.resolve(Path.of(entry.getName()).getFileName().toString());
                try (InputStream in = launcher.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(target);
            }
            return bundles;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher jar " + jar + " (build runtime-config first)", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
