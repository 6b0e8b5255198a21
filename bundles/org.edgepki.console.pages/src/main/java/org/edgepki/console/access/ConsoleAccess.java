package org.edgepki.console.access;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.edgepki.common.files.StateHome;
import org.edgepki.common.naming.DeviceNames;

/** Builds the console's gate from framework properties, for the security provider of either Web Console. */
public final class ConsoleAccess {
    /** Framework property: the console's HTTP port (Felix HTTP, the OSGi Http Service). */
    public static final String HTTP_PORT = "org.osgi.service.http.port";
    /** Framework property: the console's HTTPS port. */
    public static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    /** Framework property: the port of the HTTPS connector edgepki's runtime adds (bundle org.edgepki.console.https). */
    public static final String CONSOLE_HTTPS_PORT = "edgepki.console.https.port";
    /** Framework property: {@code 1} when started for development ({@code make run}). */
    public static final String DEVELOPMENT = "edgepki.dev";

    private ConsoleAccess() {
    }

    /**
     * @param property reads a framework property ({@code BundleContext::getProperty})
     * @return the login of the state directory, the console's names and ports, and a throttle
     */
    public static ConsoleGate gate(UnaryOperator<String> property) {
        return new ConsoleGate(logins(property), new ConsoleHosts(List.of(DeviceNames.osHostname()),
                property.apply(ConsoleHosts.PROPERTY), ports(property)), new LoginThrottle(System::currentTimeMillis));
    }

    /**
     * @param property reads a framework property
     * @return the console login of the state directory
     */
    public static LoginState logins(UnaryOperator<String> property) {
        return new LoginState(StateHome.resolve(null, property), "1".equals(property.apply(DEVELOPMENT)),
                property.apply(LoginState.COMMAND_PROPERTY));
    }

    /** The ports set for the runtime's HTTP service; none (any port) where the container configures its own. */
    private static List<Integer> ports(UnaryOperator<String> property) {
        List<Integer> ports = new ArrayList<>();
        for (String name : List.of(HTTP_PORT, HTTPS_PORT, CONSOLE_HTTPS_PORT)) {
            String value = property.apply(name);
            if (value != null && value.strip().matches("\\d{1,5}")) {
                ports.add(Integer.parseInt(value.strip()));
            }
        }
        return ports;
    }
}
