package org.edgepki.tools.config.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Copies a YAML value the importer does not interpret (the agent's docker {@code createOptions},
 * registry {@code auth}) into the equivalent TOML value: mappings become tables, lists arrays, and
 * plain scalars keep their YAML 1.1 type (integer, float, boolean, else string). TOML has no null, so
 * null entries are dropped with a note.
 */
final class VerbatimValue {
    /** Deeper than any docker create options; also stops alias cycles. */
    private static final int MAX_DEPTH = 32;

    private VerbatimValue() {
    }

    /** @return a TOML value for {@code field}, or null when it is absent or YAML null */
    static Object of(YamlField field, List<String> notes) throws LegacyConfigException {
        if (!field.isPresent()) {
            return null;
        }
        if (field.depth() > MAX_DEPTH) {
            throw field.error("is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (field.isMapping()) {
            OrderedTomlTable table = new OrderedTomlTable();
            for (Map.Entry<String, YamlField> entry : field.entries().entrySet()) {
                Object value = of(entry.getValue(), notes);
                if (value == null) {
                    notes.add(entry.getValue().note("null value dropped (TOML has no null)"));
                } else {
                    table.put(entry.getKey(), value);
                }
            }
            return table;
        }
        if (field.isSequence()) {
            List<Object> items = new ArrayList<>();
            for (YamlField element : field.elements()) {
                Object value = of(element, notes);
                if (value == null) {
                    notes.add(element.note("null list element dropped (TOML has no null)"));
                } else {
                    items.add(value);
                }
            }
            return items;
        }
        return scalar(field);
    }

    private static Object scalar(YamlField field) throws LegacyConfigException {
        Tag tag = field.scalarTag();
        if (tag.equals(Tag.BOOL)) {
            return field.bool(false);
        }
        if (tag.equals(Tag.INT)) {
            return integer(field);
        }
        if (tag.equals(Tag.FLOAT)) {
            return floating(field);
        }
        // Strings, and timestamps or explicitly tagged values, are kept as the text that was written.
        return field.text();
    }

    private static Long integer(YamlField field) throws LegacyConfigException {
        String text = field.text().replace("_", "");
        boolean negative = text.startsWith("-");
        String digits = negative || text.startsWith("+") ? text.substring(1) : text;
        try {
            BigInteger value;
            if (digits.startsWith("0x")) {
                value = new BigInteger(digits.substring(2), 16);
            } else if (digits.startsWith("0b")) {
                value = new BigInteger(digits.substring(2), 2);
            } else if (digits.startsWith("0o")) {
                value = new BigInteger(digits.substring(2), 8);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                value = new BigInteger(digits.substring(1), 8);
            } else {
                value = new BigInteger(digits);
            }
            return (negative ? value.negate() : value).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw field.error("must be a whole number that fits 64 bits (sexagesimal numbers are not supported)");
        }
    }

    private static Double floating(YamlField field) throws LegacyConfigException {
        String text = field.text().replace("_", "").toLowerCase(Locale.ROOT);
        switch (text) {
            case ".inf", "+.inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case ".nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw field.error("must be a decimal number (sexagesimal numbers are not supported)");
                }
            }
        }
    }
}
