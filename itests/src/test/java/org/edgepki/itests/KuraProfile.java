package org.edgepki.itests;

import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.Assume;
import org.junit.AssumptionViolatedException;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * The stack Eclipse Kura runs, built from the runtime's bundle set: Equinox, Felix SCR 2.1.16 (DS 1.4),
 * javax.servlet 3.1 on Felix HTTP Jetty 4 and Felix Web Console 4, and Equinox's Config Admin, Metatype and
 * EventAdmin, in place of the runtime's DS 1.5, jakarta console stack and Felix services. SLF4J 2 (with SPI Fly
 * and ASM, which its API bundle needs) stays: without it Jetty 9 would log through the SLF4J of Pax Exam's
 * pax-logging-api, which prints everything at DEBUG.
 */
final class KuraProfile {
    static final String SCR_VERSION = "2.1.16";
    static final String WEBCONSOLE_VERSION = "4.9.10";
    /** The fragment that wires Web Console 4 to Config Admin (without it, on Equinox, every console page is a 500). */
    static final String WEBCONSOLE_FRAGMENT = "org.edgepki.webconsole4.configadmin";
    /** The runtime's bundles Kura does not run: the jakarta console stack, the runtime's own login, DS 1.5. */
    private static final List<String> NOT_ON_KURA = List.of("org.edgepki.console-", "org.edgepki.console.login-",
            "org.apache.felix.http.jetty12-", "org.apache.felix.http.servlet-api-", "org.apache.felix.webconsole-",
            "org.apache.felix.inventory-", "org.apache.felix.scr-", "org.osgi.service.component-",
            "org.osgi.util.promise-", "org.osgi.util.function-");
    /** Felix's Config Admin, Metatype and EventAdmin, which Equinox's replace. */
    private static final List<String> FELIX_SERVICES = List.of("org.apache.felix.configadmin-",
            "org.apache.felix.metatype-", "org.apache.felix.eventadmin-");

    private KuraProfile() {
    }

    /**
     * @param home the state directory
     * @param keep which of the remaining runtime bundles (by file name) to install
     * @param extra more bundles and options
     * @return the runtime's bundles on the Kura stack
     */
    static Option options(Path home, Predicate<String> keep, Option... extra) {
        List<Option> options = new ArrayList<>(List.of(
                mavenBundle("org.osgi", "org.osgi.util.function", "1.1.0"),
                mavenBundle("org.osgi", "org.osgi.util.promise", "1.1.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", SCR_VERSION),
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api", "1.2.0"),
                mavenBundle("org.apache.felix", "org.apache.felix.http.jetty", "4.2.10"),
                mavenBundle("org.apache.felix", "org.apache.felix.inventory", "1.1.0"),
                mavenBundle("org.apache.felix", "org.apache.felix.webconsole", WEBCONSOLE_VERSION),
                mavenBundle("org.osgi", "org.osgi.service.cm", "1.6.1"),
                mavenBundle("org.osgi", "org.osgi.service.coordinator", "1.0.2"),
                mavenBundle("org.osgi", "org.osgi.service.metatype", "1.4.1"),
                mavenBundle("org.osgi", "org.osgi.service.event", "1.4.1"),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.cm", "1.6.400"),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.metatype", "1.6.900"),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.event", "1.7.300")));
        options.addAll(List.of(extra));
        return EdgePkiRuntime.optionsKeeping(home, fileName -> NOT_ON_KURA.stream().noneMatch(fileName::startsWith)
                && FELIX_SERVICES.stream().noneMatch(fileName::startsWith)
                && keep.test(fileName), options.toArray(Option[]::new));
    }

    /**
     * @param name a file the build copied for the Kura tests (itests/pom.xml, kura-bundles)
     * @return it, in target/kura
     */
    static Path file(String name) {
        return Path.of(System.getProperty("edgepki.itest.kura", "target/kura")).toAbsolutePath().resolve(name);
    }

    /** @return the URL of this build's {@link #WEBCONSOLE_FRAGMENT} */
    static String webConsoleFragment() {
        return file(WEBCONSOLE_FRAGMENT + ".jar").toUri().toString();
    }

    static boolean onEquinox() {
        return EdgePkiRuntime.framework().equals("equinox");
    }

    /**
     * PaxExam, skipping the class (every test an assumption failure) on a framework other than Equinox, before
     * any framework starts. An {@code Assume} in a test method cannot do it: in the container it throws the
     * container's own JUnit's exception, which the driver reports as an error.
     */
    public static final class EquinoxOnly extends PaxExam {
        public EquinoxOnly(Class<?> testClass) throws InitializationError {
            super(testClass);
        }

        @Override
        public void run(RunNotifier notifier) {
            try {
                Assume.assumeTrue("Kura runs on Equinox: the Kura profile is tested there only", onEquinox());
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
