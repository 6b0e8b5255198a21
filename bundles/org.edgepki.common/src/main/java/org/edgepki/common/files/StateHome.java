package org.edgepki.common.files;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where edgepki keeps its state: the configured value, else the framework property
 * {@value #FRAMEWORK_PROPERTY}, else the environment variable {@value #ENVIRONMENT_VARIABLE}, else
 * {@value #INSTALLED_DEFAULT}.
 */
public final class StateHome {
    /** Framework (or system) property naming the state directory. */
    public static final String FRAMEWORK_PROPERTY = "edgepki.home";
    /** Environment variable naming the state directory. */
    public static final String ENVIRONMENT_VARIABLE = "EDGEPKI_HOME";
    /** The state directory of an installed gateway. */
    public static final String INSTALLED_DEFAULT = "/var/lib/edgepki";

    private StateHome() {
    }

    /**
     * @param configured the component's configured home, or null/blank
     * @param frameworkProperty reads a framework property (for example {@code BundleContext::getProperty})
     * @return the absolute state directory
     */
    public static Path resolve(String configured, UnaryOperator<String> frameworkProperty) {
        String home = firstNonBlank(configured, frameworkProperty.apply(FRAMEWORK_PROPERTY),
                System.getenv(ENVIRONMENT_VARIABLE), INSTALLED_DEFAULT);
        return Path.of(home).toAbsolutePath().normalize();
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        throw new IllegalStateException("the last candidate is a constant");
    }
}
