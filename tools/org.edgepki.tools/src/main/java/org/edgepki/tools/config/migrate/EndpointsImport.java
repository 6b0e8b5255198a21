package org.edgepki.tools.config.migrate;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries 1.1 {@code connect:} and {@code listen:} (the management and workload API sockets) over to
 * config.toml as {@code iotedge config import} does. The systemd socket units were renamed in 1.2,
 * so {@code fd://iotedge.mgmt.socket} and {@code fd://iotedge.socket} become
 * {@code fd://aziot-edged.mgmt.socket} and {@code fd://aziot-edged.workload.socket}; any other
 * {@code fd://} unit does not exist in 1.2+ and is refused.
 */
final class EndpointsImport {
    private static final Set<String> CONNECT_KEYS = Set.of("management_uri", "workload_uri");
    private static final Set<String> LISTEN_KEYS = Set.of("management_uri", "workload_uri", "min_tls_version");
    private static final String SOCKET_EXAMPLE = "unix:///var/run/iotedge/mgmt.sock";
    private static final Map<String, String> RENAMED_UNITS = Map.of(
            "iotedge.mgmt.socket", "fd://aziot-edged.mgmt.socket",
            "iotedge.socket", "fd://aziot-edged.workload.socket");

    private EndpointsImport() {
    }

    /** @return the {@code [connect]} table, or empty when config.yaml has none */
    static Optional<OrderedTomlTable> connect(YamlField connect, List<String> notes) throws LegacyConfigException {
        if (!connect.isPresent()) {
            return Optional.empty();
        }
        connect.noteUnknownKeys(CONNECT_KEYS, notes);
        OrderedTomlTable table = new OrderedTomlTable();
        for (String key : List.of("workload_uri", "management_uri")) {
            YamlField uri = connect.get(key);
            if (uri.isPresent()) {
                table.put(key, AbsoluteUri.of(uri, SOCKET_EXAMPLE).toString());
            }
        }
        return Optional.of(table);
    }

    /** @return the {@code [listen]} table, or empty when config.yaml has none */
    static Optional<OrderedTomlTable> listen(YamlField listen, List<String> notes) throws LegacyConfigException {
        if (!listen.isPresent()) {
            return Optional.empty();
        }
        listen.noteUnknownKeys(LISTEN_KEYS, notes);
        OrderedTomlTable table = new OrderedTomlTable();
        for (String key : List.of("workload_uri", "management_uri")) {
            YamlField field = listen.get(key);
            if (field.isPresent()) {
                table.put(key, listenUri(field, notes));
            }
        }
        YamlField tls = listen.get("min_tls_version");
        if (tls.isPresent()) {
            table.put("min_tls_version", minTlsVersion(tls));
        }
        return Optional.of(table);
    }

    private static String listenUri(YamlField field, List<String> notes) throws LegacyConfigException {
        URI uri = AbsoluteUri.of(field, SOCKET_EXAMPLE);
        if (!"fd".equals(uri.getScheme())) {
            return field.string();
        }
        String renamed = uri.getAuthority() == null ? null : RENAMED_UNITS.get(uri.getAuthority());
        if (renamed == null) {
            throw field.error("must be fd://iotedge.mgmt.socket, fd://iotedge.socket or a unix:// or http:// URI;"
                    + " IoT Edge 1.2+ has no other socket units");
        }
        notes.add(field.note("socket unit " + field.string() + " renamed to " + renamed));
        return renamed;
    }

    /** Accepts the spellings iotedge 1.1 accepted, and writes the one config.toml documents. */
    private static String minTlsVersion(YamlField field) throws LegacyConfigException {
        return switch (field.string().toLowerCase(Locale.ROOT)) {
            case "tls", "tls1", "tls10", "tls1.0", "tls1_0", "tlsv10" -> "tls1.0";
            case "tls11", "tls1.1", "tls1_1", "tlsv11" -> "tls1.1";
            case "tls12", "tls1.2", "tls1_2", "tlsv12" -> "tls1.2";
            default -> throw field.error("must be tls1.0, tls1.1 or tls1.2");
        };
    }
}
