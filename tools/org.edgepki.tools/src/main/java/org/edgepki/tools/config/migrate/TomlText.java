package org.edgepki.tools.config.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes an {@link OrderedTomlTable} as TOML text: the plain values of a table first, then each
 * sub-table under its own {@code [header]}; tables inside arrays are written inline. Strings are basic
 * strings, escaped per TOML 1.0 so that no quote, backslash or control character can end them early.
 */
final class TomlText {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlText() {
    }

    static String write(OrderedTomlTable root) {
        StringBuilder out = new StringBuilder();
        writeTable(out, List.of(), root);
        return out.toString();
    }

    /** @return {@code text} as a TOML basic string, quotes included */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : quoted(key);
    }

    private static void writeTable(StringBuilder out, List<String> path, OrderedTomlTable table) {
        for (Map.Entry<String, Object> entry : table.entries().entrySet()) {
            if (!(entry.getValue() instanceof OrderedTomlTable)) {
                out.append(key(entry.getKey())).append(" = ").append(value(entry.getValue())).append('\n');
            }
        }
        for (Map.Entry<String, Object> entry : table.entries().entrySet()) {
            if (entry.getValue() instanceof OrderedTomlTable child) {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(entry.getKey());
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append('[').append(header(childPath)).append("]\n");
                writeTable(out, childPath, child);
            }
        }
    }

    private static String header(List<String> path) {
        List<String> keys = new ArrayList<>();
        path.forEach(part -> keys.add(key(part)));
        return String.join(".", keys);
    }

    private static String value(Object value) {
        if (value instanceof String text) {
            return quoted(text);
        }
        if (value instanceof Double number) {
            return floatValue(number);
        }
        if (value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(value(item)));
            return "[" + String.join(", ", items) + "]";
        }
        OrderedTomlTable table = (OrderedTomlTable) value;
        if (table.isEmpty()) {
            return "{}";
        }
        List<String> pairs = new ArrayList<>();
        table.entries().forEach((k, v) -> pairs.add(key(k) + " = " + value(v)));
        return "{ " + String.join(", ", pairs) + " }";
    }

    private static String floatValue(double number) {
        if (Double.isNaN(number)) {
            return "nan";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "inf" : "-inf";
        }
        // Double.toString always has a '.' and may have an 'E' exponent: both are TOML floats.
        return Double.toString(number);
    }
}
