package org.edgepki.tools.config.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Self-check of the importer's output: the written text must parse with tomlj and read back as
 * exactly the table it was written from. A failure is a bug in {@link TomlText}, never the user's
 * fault, so it is an {@link IllegalStateException}; its message gives positions and key paths only,
 * because the text holds secrets.
 */
final class TomlRoundTrip {
    private TomlRoundTrip() {
    }

    static void verify(String text, OrderedTomlTable expected) {
        TomlParseResult parsed = Toml.parse(text);
        if (parsed.hasErrors()) {
            List<String> positions = new ArrayList<>();
            for (TomlParseError error : parsed.errors()) {
                positions.add(error.position().line() + ":" + error.position().column());
            }
            throw new IllegalStateException("generated config.toml does not parse; errors at " + positions);
        }
        String mismatch = compareTable("", expected, parsed);
        if (mismatch != null) {
            throw new IllegalStateException("generated config.toml reads back differently at " + mismatch);
        }
    }

    /** @return the key path of the first difference, or null when equal */
    private static String compareTable(String path, OrderedTomlTable expected, TomlTable actual) {
        if (!expected.entries().keySet().equals(actual.keySet())) {
            return path.isEmpty() ? "(top level keys)" : path;
        }
        for (Map.Entry<String, Object> entry : expected.entries().entrySet()) {
            String childPath = path.isEmpty() ? TomlText.key(entry.getKey()) : path + "." + TomlText.key(entry.getKey());
            String mismatch = compare(childPath, entry.getValue(), actual.get(List.of(entry.getKey())));
            if (mismatch != null) {
                return mismatch;
            }
        }
        return null;
    }

    private static String compare(String path, Object expected, Object actual) {
        if (expected instanceof OrderedTomlTable table) {
            return actual instanceof TomlTable actualTable ? compareTable(path, table, actualTable) : path;
        }
        if (expected instanceof List<?> list) {
            if (!(actual instanceof TomlArray array) || array.size() != list.size()) {
                return path;
            }
            for (int i = 0; i < list.size(); i++) {
                String mismatch = compare(path + "[" + i + "]", list.get(i), array.get(i));
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return null;
        }
        if (expected instanceof Double number) {
            return actual instanceof Double other && Double.compare(number, other) == 0 ? null : path;
        }
        return expected.equals(actual) ? null : path;
    }
}
