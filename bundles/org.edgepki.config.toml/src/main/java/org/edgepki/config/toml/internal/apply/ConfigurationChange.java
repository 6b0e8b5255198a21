package org.edgepki.config.toml.internal.apply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * One configuration that differs from what config.toml asks for, with its properties before and
 * after. {@link #describe()} shows the difference with passwords and PINs hidden.
 *
 * @param planned what config.toml asks for
 * @param pid the existing configuration's PID, or null when it is to be created
 * @param before the existing properties (without service.* ones), or null when there are none
 * @param after the properties to write, or null to delete the configuration
 */
public record ConfigurationChange(PlannedConfiguration planned, String pid, Map<String, Object> before,
        Map<String, Object> after) {

    public ConfigurationChange {
        before = before == null ? null : Collections.unmodifiableMap(new TreeMap<>(before));
        after = after == null ? null : Collections.unmodifiableMap(new TreeMap<>(after));
    }

    /** @return one line per changed property, e.g. {@code org.edgepki.edge: edge_ca_expiry_days 90 → 30} */
    public List<String> describe() {
        String name = planned.displayName();
        if (after == null) {
            return List.of(name + ": deleted (no longer in config.toml)");
        }
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(after.keySet());
        if (before != null) {
            keys.addAll(before.keySet());
        }
        for (String key : keys) {
            Object old = before == null ? null : before.get(key);
            Object now = after.get(key);
            if (!key.equals(ConfigurationApplier.SOURCE) && !sameValue(empty(old), empty(now))) {
                lines.add(name + ": " + key + " " + shown(key, old) + " → " + shown(key, now));
            }
        }
        return lines;
    }

    /** An empty array and no value mean the same to a component: no entries. */
    private static Object empty(Object value) {
        return value instanceof Object[] array && array.length == 0 ? null : value;
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Object[] left && b instanceof Object[] right) {
            return Arrays.equals(left, right);
        }
        if (a instanceof Number left && b instanceof Number right) {
            return left.longValue() == right.longValue();
        }
        return Objects.equals(a, b);
    }

    /** @return a property value as shown to people: passwords as ****, PKCS#11 PINs removed */
    public static String shown(String key, Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (SecretReferences.isPassword(key)) {
            return "****";
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(element -> Pkcs11Uri.redact(String.valueOf(element)))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return Pkcs11Uri.redact(String.valueOf(value));
    }
}
