package org.edgepki.console.https.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.common.naming.DeviceNames;

/**
 * Where the console is served over HTTPS and the names its certificate carries, from framework properties:
 * {@value #PORT} turns it on; {@value #HOST} is the address to listen on ({@code 0.0.0.0}, every address, unless
 * set). The certificate names this machine's host name, the names of {@value #HOSTS} (not the globs) and the
 * addresses clients reach the console at: the listening address, or every address of the machine's
 * interfaces when it listens on all.
 *
 * @param host the address to listen on
 * @param port the port
 * @param commonName the certificate's common name: this machine's host name
 * @param names the certificate's subject alternative names
 */
record HttpsSettings(String host, int port, String commonName, List<SubjectAltName> names) {
    /** Framework property: the console's HTTPS port; unset, the console is not served over HTTPS by edgepki. */
    static final String PORT = "edgepki.console.https.port";
    /** Framework property: the address the HTTPS console listens on. */
    static final String HOST = "edgepki.console.https.host";
    /** Framework property: further names of the console (the gate's list, {@code ConsoleHosts.PROPERTY}). */
    static final String HOSTS = "edgepki.console.hosts";
    /** The module id of the console's server certificate. */
    static final String MODULE = "edgepki-console";

    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*");

    /**
     * @param property reads a framework property
     * @param hostname this machine's host name
     * @param interfaceAddresses the addresses of the machine's interfaces (for a console listening on all)
     * @return the settings; empty when {@value #PORT} is unset
     * @throws IllegalArgumentException naming the property and the rule, for a bad port or address
     */
    static Optional<HttpsSettings> from(UnaryOperator<String> property, String hostname,
            List<InetAddress> interfaceAddresses) {
        String port = property.apply(PORT);
        if (port == null || port.isBlank()) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port, 1 to 65535");
        }
        String host = Optional.ofNullable(property.apply(HOST)).map(String::strip).filter(h -> !h.isEmpty())
                .orElse("0.0.0.0");
        Set<SubjectAltName> names = new LinkedHashSet<>();
        String commonName = hostname.length() > DeviceNames.MAX_COMMON_NAME ? "localhost" : hostname;
        dns(hostname).ifPresent(names::add);
        String listed = property.apply(HOSTS);
        if (listed != null) {
            for (String name : listed.split(",")) {
                dns(name.strip()).ifPresent(names::add);
            }
        }
        if (wildcard(host)) {
            interfaceAddresses.forEach(address -> names.add(ip(address)));
        } else if (IP_LITERAL.matcher(host).matches()) {
            names.add(ip(literal(host)));
        } else {
            names.add(dns(host).orElseThrow(() -> new IllegalArgumentException(HOST
                    + " must be an IP address or a host name")));
        }
        return Optional.of(new HttpsSettings(host, number, commonName, new ArrayList<>(names)));
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static Optional<SubjectAltName> dns(String name) {
        return DNS_NAME.matcher(name).matches() && name.length() <= 253
                ? Optional.of(new SubjectAltName(SubjectAltName.Type.DNS, name.toLowerCase(Locale.ROOT)))
                : Optional.empty();
    }

    private static SubjectAltName ip(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return new SubjectAltName(SubjectAltName.Type.IP, scope < 0 ? text : text.substring(0, scope));
    }

    /** An IP literal, never looked up. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(HOST + " is not a valid IP address", e);
        }
    }
}
