package org.edgepki.tools.config.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries 1.1 {@code moby_runtime:} over to config.toml {@code [moby_runtime]} as
 * {@code iotedge config import} does: the docker {@code uri}, the {@code network} (a name, or a
 * mapping with {@code name}, {@code ipv6} and {@code ipam.config} entries), and the content-trust CA
 * certificates per registry, whose paths become {@code file://} URIs.
 */
final class MobyRuntimeImport {
    private static final Set<String> KEYS = Set.of("uri", "network", "content_trust");
    private static final Set<String> NETWORK_KEYS = Set.of("name", "ipv6", "ipam");
    private static final Set<String> IPAM_CONFIG_KEYS = Set.of("gateway", "subnet", "ip_range");

    private MobyRuntimeImport() {
    }

    /** @return the {@code [moby_runtime]} table, or empty when config.yaml has none */
    static Optional<OrderedTomlTable> convert(YamlField moby, List<String> notes) throws LegacyConfigException {
        if (!moby.isPresent()) {
            return Optional.empty();
        }
        moby.noteUnknownKeys(KEYS, notes);
        OrderedTomlTable table = new OrderedTomlTable();
        YamlField uri = moby.get("uri");
        if (uri.isPresent()) {
            table.put("uri", AbsoluteUri.of(uri, "unix:///var/run/docker.sock").toString());
        }
        YamlField network = moby.get("network");
        if (network.isMapping()) {
            table.put("network", network(network, notes));
        } else if (network.isPresent()) {
            table.put("network", network.string());
        }
        YamlField contentTrust = moby.get("content_trust");
        if (contentTrust.isPresent()) {
            contentTrust.noteUnknownKeys(Set.of("ca_certs"), notes);
            OrderedTomlTable trust = table.table("content_trust");
            YamlField caCerts = contentTrust.get("ca_certs");
            if (caCerts.isPresent()) {
                OrderedTomlTable certs = trust.table("ca_certs");
                for (Map.Entry<String, YamlField> registry : caCerts.entries().entrySet()) {
                    certs.put(registry.getKey(), FileUri.of(registry.getValue()));
                }
            }
        }
        return Optional.of(table);
    }

    private static OrderedTomlTable network(YamlField network, List<String> notes) throws LegacyConfigException {
        network.noteUnknownKeys(NETWORK_KEYS, notes);
        OrderedTomlTable table = new OrderedTomlTable().put("name", network.get("name").string());
        YamlField ipv6 = network.get("ipv6");
        if (ipv6.isPresent()) {
            table.put("ipv6", ipv6.bool(false));
        }
        YamlField ipam = network.get("ipam");
        if (ipam.isPresent()) {
            ipam.noteUnknownKeys(Set.of("config"), notes);
            OrderedTomlTable ipamTable = table.table("ipam");
            YamlField config = ipam.get("config");
            if (config.isPresent()) {
                List<Object> entries = new ArrayList<>();
                for (YamlField entry : config.elements()) {
                    entry.noteUnknownKeys(IPAM_CONFIG_KEYS, notes);
                    OrderedTomlTable out = new OrderedTomlTable();
                    for (String key : List.of("gateway", "subnet", "ip_range")) {
                        entry.get(key).optionalString().ifPresent(value -> out.put(key, value));
                    }
                    entries.add(out);
                }
                ipamTable.put("config", entries);
            }
        }
        return table;
    }

}
