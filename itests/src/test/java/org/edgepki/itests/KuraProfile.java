package org.edgepki.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.bundleStartLevel;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.Assume;
import org.junit.AssumptionViolatedException;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Eclipse Kura 5.5's own OSGi stack, at the versions Kura ships (its target platform) and with the start levels and
 * framework properties of its {@code config.ini}: Equinox 3.16.0 (the framework of the {@code kura} test execution),
 * {@code org.eclipse.osgi.services} 3.9.0 and {@code osgi.util} 3.5.300, Equinox Config Admin 1.4.400, EventAdmin
 * 1.5.500 and Metatype 1.5.300, Felix SCR 2.1.16 started by the {@code equinox.ds} shim ({@code equinox.use.ds}),
 * Equinox HTTP 3.7.400 / 1.6.600 on Jetty 9.4.53 and javax.servlet 3.1, Bouncy Castle 1.77, Felix Deployment Admin
 * 0.9.5 with Dependency Manager 3.0.0, Gogo runtime and shell 1.1.0 with command 1.0.2 behind the Equinox console
 * 1.4.200. An operator adds Felix Web Console 4.9.10 for the pages.
 *
 * <p>Where the test cannot be Kura: Kura's own bundles (its API, web UI and Jetty customizer) are not on Maven Central
 * and are left out; Kura's HTTP server manager starts Jetty, here the {@code http.jetty} bundle's own activator does,
 * on loopback and a free port; the framework cache is cleaned as Kura's {@code osgi.clean=true} does.
 */
final class KuraProfile {
    static final String FRAMEWORK = "kura";
    static final String EQUINOX_VERSION = "3.16.0.v20200828-0759";
    static final String SCR_VERSION = "2.1.16";
    static final String BOUNCY_CASTLE_VERSION = "1.77.0";
    static final String WEBCONSOLE_VERSION = "4.9.10";
    /** The fragment that wires Web Console 4 to Config Admin (without it, on Equinox, every console page is a 500). */
    static final String WEBCONSOLE_FRAGMENT = "org.edgepki.webconsole4.configadmin";
    /** Kura's osgi.bundles.defaultStartLevel: the start level of a bundle Deployment Admin installs. */
    private static final int DEFAULT_START_LEVEL = 5;
    /** Equinox's osgi.startLevel, which Kura keeps. */
    private static final int FRAMEWORK_START_LEVEL = 6;

    private KuraProfile() {
    }

    /** A bundle of Kura's config.ini: its file in target/kura, start level, and whether it is started. */
    private record KuraBundle(String file, int startLevel, boolean start) {
        Option option() {
            return bundle(KuraProfile.file(file).toUri().toString()).startLevel(startLevel).start(start);
        }
    }

    /** osgi.bundles of Kura's config.ini (build_equinox_distrib.xml), for the bundles of the stack above. */
    private static final List<KuraBundle> STACK = List.of(
            new KuraBundle("org.eclipse.equinox.cm-1.4.400.jar", 1, true),
            new KuraBundle("org.eclipse.equinox.common-3.13.0.jar", 1, true),
            new KuraBundle("org.eclipse.equinox.ds-1.6.200.jar", 1, true),
            new KuraBundle("org.eclipse.equinox.event-1.5.500.jar", 1, true),
            new KuraBundle("org.eclipse.equinox.metatype-1.5.300.jar", 1, true),
            // installed at 1 and not started in config.ini: Kura's launcher (EclipseStarter) starts it once the
            // framework has reached its start level, since osgi.console is set, and it starts Gogo. Pax Exam has no
            // EclipseStarter: start level 6, the framework's, is the same moment.
            new KuraBundle("org.eclipse.equinox.console-1.4.200.jar", FRAMEWORK_START_LEVEL, true),
            new KuraBundle("org.eclipse.osgi.services-3.9.0.jar", 2, true),
            new KuraBundle("org.eclipse.osgi.util-3.5.300.jar", 2, true),
            new KuraBundle("org.apache.felix.dependencymanager-3.0.0.jar", 3, true),
            new KuraBundle("org.apache.felix.deploymentadmin-0.9.5.jar", 3, true),
            new KuraBundle("commons-fileupload-1.5.jar", 3, true),
            new KuraBundle("commons-io-2.11.0.jar", 3, true),
            new KuraBundle("bcprov-jdk18on-1.77.jar", 3, false),
            new KuraBundle("bcutil-jdk18on-1.77.jar", 3, false),
            new KuraBundle("bcpkix-jdk18on-1.77.jar", 3, false),
            // started by the equinox.ds shim (equinox.use.ds)
            new KuraBundle("org.apache.felix.scr-2.1.16.jar", 5, false),
            new KuraBundle("org.apache.felix.gogo.command-1.0.2.jar", 5, false),
            new KuraBundle("org.apache.felix.gogo.runtime-1.1.0.jar", 5, false),
            new KuraBundle("org.apache.felix.gogo.shell-1.1.0.jar", 5, false),
            // not started in config.ini: Kura's HTTP server manager starts Jetty; here the bundle's activator does
            new KuraBundle("org.eclipse.equinox.http.jetty-3.7.400.jar", 5, true),
            new KuraBundle("org.eclipse.equinox.http.servlet-1.6.600.jar", 5, true),
            new KuraBundle("jetty-http-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-io-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-security-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-server-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-servlet-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-util-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("jetty-util-ajax-9.4.53.v20231009.jar", 5, true),
            new KuraBundle("javax.servlet-api-3.1.0.jar", 5, true));

    /** The console login the tests set with {@code edgepki console-password}. */
    static final String CONSOLE_USER = "admin";
    static final String CONSOLE_PASSWORD = "kura-console-password";
    /** The {@code Authorization} header of that login. */
    static final String CONSOLE_AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            (CONSOLE_USER + ":" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** Felix Web Console 4, as an operator installs it on Kura (at the default start level). */
    private static final List<KuraBundle> WEB_CONSOLE = List.of(
            new KuraBundle("org.apache.felix.inventory-1.1.0.jar", DEFAULT_START_LEVEL, true),
            new KuraBundle("encoder-1.3.1.jar", DEFAULT_START_LEVEL, true),
            new KuraBundle("org.apache.felix.webconsole-4.9.10.jar", DEFAULT_START_LEVEL, true));

    /**
     * @param home the state directory
     * @param webConsole whether the operator has added Felix Web Console 4
     * @param extra more bundles and options (edgepki's, or what installs them)
     * @return Kura 5.5's stack
     */
    static Option[] options(Path home, boolean webConsole, Option... extra) {
        List<Option> options = new ArrayList<>(List.of(EdgePkiRuntime.frameworkOptions(home)));
        // config.ini
        options.add(frameworkProperty("osgi.clean").value("true"));
        options.add(frameworkProperty("equinox.use.ds").value("true"));
        options.add(frameworkProperty("ds.lock.timeout.milliseconds").value("60000"));
        options.add(frameworkProperty("eclipse.ignoreApp").value("true"));
        options.add(frameworkProperty("osgi.configuration.cascaded").value("false"));
        options.add(frameworkProperty("osgi.nl").value("en_us"));
        options.add(frameworkProperty("osgi.instance.area").value(home.resolve("kura-data").toUri().toString()));
        options.add(frameworkProperty("osgi.console").value("127.0.0.1:" + EdgePkiRuntime.freePort()));
        options.add(frameworkProperty("org.eclipse.equinox.http.jetty.http.host").value("127.0.0.1"));
        options.add(frameworkStartLevel(FRAMEWORK_START_LEVEL));
        options.add(bundleStartLevel(DEFAULT_START_LEVEL));
        // Pax Exam's own pax-logging-api would print everything Jetty logs through SLF4J at DEBUG
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        STACK.forEach(bundle -> options.add(bundle.option()));
        if (webConsole) {
            WEB_CONSOLE.forEach(bundle -> options.add(bundle.option()));
        }
        // edgepki's login guards Web Console 4 too, whenever one comes: the operator sets it as on any gateway
        LaunchedRuntime.setConsolePassword(home, CONSOLE_USER, CONSOLE_PASSWORD);
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    /** @return Felix Web Console 4 and what it needs beyond Kura, in installation order, as an operator adds them */
    static List<Path> webConsoleBundles() {
        return WEB_CONSOLE.stream().map(bundle -> file(bundle.file())).toList();
    }

    /**
     * @return the bundles of the Kura deployment package, installed and started at Kura's default start level as
     *         Deployment Admin would, its fragment installed only
     */
    static Option[] deploymentPackageBundles() {
        Path dir = Path.of(System.getProperty("edgepki.itest.dir", "target/itest-state"))
                .resolve("kura-dp-bundles").toAbsolutePath();
        List<Option> bundles = new ArrayList<>();
        try (JarInputStream dp = new JarInputStream(Files.newInputStream(file("org.edgepki.kura.dp")))) {
            Files.createDirectories(dir);
            for (JarEntry entry = dp.getNextJarEntry(); entry != null; entry = dp.getNextJarEntry()) {
                if (!entry.getName().endsWith(".jar")) {
                    continue;
                }
                Path jar = dir.resolve(Path.of(entry.getName()).getFileName().toString());
                Files.copy(dp, jar, StandardCopyOption.REPLACE_EXISTING);
                boolean fragment = entry.getName().startsWith(WEBCONSOLE_FRAGMENT + "_");
                bundles.add(bundle(jar.toUri().toString()).startLevel(DEFAULT_START_LEVEL).start(!fragment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kura deployment package (build features/kura first)", e);
        }
        return bundles.toArray(Option[]::new);
    }

    /**
     * @param name a file the build copied for the Kura tests (itests/pom.xml, kura-bundles)
     * @return it, in target/kura
     */
    static Path file(String name) {
        Path file = Path.of(System.getProperty("edgepki.itest.kura", "target/kura")).toAbsolutePath().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the build copies it (itests/pom.xml, kura-bundles)");
        }
        return file;
    }

    /** @return the URL of this build's {@link #WEBCONSOLE_FRAGMENT} */
    static String webConsoleFragment() {
        return file(WEBCONSOLE_FRAGMENT + ".jar").toUri().toString();
    }

    static boolean onKura() {
        return EdgePkiRuntime.framework().equals(FRAMEWORK);
    }

    /**
     * PaxExam on the Kura stack, skipping the class (every test an assumption failure) in any other test execution,
     * before any framework starts. An {@code Assume} in a test method cannot do it: in the container it throws the
     * container's own JUnit's exception, which the driver reports as an error.
     */
    public static final class KuraOnly extends PaxExam {
        public KuraOnly(Class<?> testClass) throws InitializationError {
            super(testClass);
        }

        @Override
        public void run(RunNotifier notifier) {
            try {
                Assume.assumeTrue("the Kura tests run in the kura execution, on Kura's framework (Equinox 3.16.0)",
                        onKura());
            } catch (AssumptionViolatedException skipped) {
                for (Description test : getDescription().getChildren()) {
                    notifier.fireTestStarted(test);
                    notifier.fireTestAssumptionFailed(new Failure(test, skipped));
                    notifier.fireTestFinished(test);
                }
                return;
            }
            super.run(notifier);
        }
    }
}
