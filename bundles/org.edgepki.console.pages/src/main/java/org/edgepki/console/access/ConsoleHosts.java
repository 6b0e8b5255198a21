package org.edgepki.console.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names a browser may use for the console, which stops DNS rebinding: a page of another site
 * whose name is made to point at the gateway still sends that site's name as {@code Host}. Accepted:
 * an IP address, {@code localhost}, this machine's host name, and the names the operator lists
 * (framework property {@value #PROPERTY}, comma-separated; {@code *.example.com} matches one or more
 * labels). When the console's ports are known, the port must be one of them.
 */
public final class ConsoleHosts {
    /** Framework property: further names the console answers to. */
    public static final String PROPERTY = "edgepki.console.hosts";
    private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:\\d{1,5})?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;
    private final Set<Integer> ports;

    /**
     * @param machineNames this machine's host names (short and full)
     * @param listed the operator's names, from {@value #PROPERTY} (null or blank: none)
     * @param ports the ports the console listens on; empty when unknown (then any port is accepted)
     */
    public ConsoleHosts(Collection<String> machineNames, String listed, Collection<Integer> ports) {
        this.names = Stream.concat(machineNames.stream(), listed == null ? Stream.empty() : Arrays.stream(listed.split(",")))
                .map(String::strip).filter(name -> !name.isEmpty()).map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.ports = Set.copyOf(ports);
    }

    /**
     * @param host the request's {@code Host} header, or null
     * @param secure whether the request came over HTTPS (for the default port)
     * @return why the name is refused, or empty when it is the console's
     */
    public Optional<String> refusal(String host, boolean secure) {
        if (host == null || !HOST_HEADER.matcher(host).matches()) {
            return Optional.of("the request has no valid Host header");
        }
        URI uri;
        try {
            uri = new URI((secure ? "https" : "http") + "://" + host + "/");
        } catch (URISyntaxException e) {
            return Optional.of("the request has no valid Host header");
        }
        if (uri.getHost() == null) {
            return Optional.of("the request has no valid Host header");
        }
        String name = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        boolean known = IPV4.matcher(name).matches() || name.startsWith("[") || name.equals("localhost")
                || names.contains(name) || names.stream().anyMatch(listed -> listed.startsWith("*.")
                        && name.endsWith(listed.substring(1)) && name.length() > listed.length() - 1);
        if (!known) {
            return Optional.of("this console is not served as '" + name + "' (use its address, localhost or this"
                    + " machine's name, or list the name in the framework property " + PROPERTY + ")");
        }
        if (!ports.isEmpty() && !ports.contains(port)) {
            return Optional.of("this console does not listen on port " + port);
        }
        return Optional.empty();
    }
}
