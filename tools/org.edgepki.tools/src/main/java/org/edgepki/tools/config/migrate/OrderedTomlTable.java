package org.edgepki.tools.config.migrate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML table being built for output, keeping keys in insertion order. Values are {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@link List} of values, or nested tables; TOML has no
 * null, so there is none here.
 */
final class OrderedTomlTable {
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** Sets {@code key} once; setting it twice is a bug in the importer. */
    OrderedTomlTable put(String key, Object value) {
        checkValue(value);
        if (entries.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("key set twice: " + key);
        }
        return this;
    }

    /** @return the sub-table {@code key}, created empty if it does not exist yet */
    OrderedTomlTable table(String key) {
        Object existing = entries.get(key);
        if (existing == null) {
            OrderedTomlTable table = new OrderedTomlTable();
            entries.put(key, table);
            return table;
        }
        if (existing instanceof OrderedTomlTable table) {
            return table;
        }
        throw new IllegalStateException("not a table: " + key);
    }

    Map<String, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    private static void checkValue(Object value) {
        if (value instanceof List<?> list) {
            list.forEach(OrderedTomlTable::checkValue);
        } else if (!(value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof OrderedTomlTable)) {
            throw new IllegalArgumentException("not a TOML value: " + (value == null ? "null" : value.getClass()));
        }
    }
}
