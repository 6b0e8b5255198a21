package org.edgepki.tools.config.migrate;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Carries 1.1 {@code watchdog: max_retries} (how often edgeAgent is restarted before giving up) over
 * to config.toml {@code [watchdog]}: {@code infinite}, or a count up to 2^32-1.
 */
final class WatchdogImport {
    private static final long MAX_RETRIES = 0xffff_ffffL;

    private WatchdogImport() {
    }

    /** @return the {@code [watchdog]} table, or empty when config.yaml has none */
    static Optional<OrderedTomlTable> convert(YamlField watchdog, List<String> notes) throws LegacyConfigException {
        if (!watchdog.isPresent()) {
            return Optional.empty();
        }
        watchdog.noteUnknownKeys(Set.of("max_retries"), notes);
        OrderedTomlTable table = new OrderedTomlTable();
        YamlField retries = watchdog.get("max_retries");
        if (!retries.isPresent() || retries.string().equalsIgnoreCase("infinite")) {
            table.put("max_retries", "infinite");
        } else {
            try {
                table.put("max_retries", retries.integer(0, MAX_RETRIES));
            } catch (LegacyConfigException e) {
                throw retries.error("must be infinite or a whole number from 0 to " + MAX_RETRIES);
            }
        }
        return Optional.of(table);
    }
}
