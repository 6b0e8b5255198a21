package org.edgepki.config.toml.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One table of a parsed config.toml, read by typed accessors that report a wrong type as an error
 * naming the key path and line. It remembers which keys were read, so whatever is left over can be
 * reported as unknown.
 */
final class TomlSection {
    private final String file;
    private final TomlTable root;
    private final List<String> path;
    private final TomlTable table;
    private final Problems problems;
    private final Set<String> read = new LinkedHashSet<>();

    private TomlSection(String file, TomlTable root, List<String> path, TomlTable table, Problems problems) {
        this.file = file;
        this.root = root;
        this.path = path;
        this.table = table;
        this.problems = problems;
    }

    static TomlSection root(String file, TomlTable root, Problems problems) {
        return new TomlSection(file, root, List.of(), root, problems);
    }

    /** @return the dotted path of a key of this table, quoting parts that are not bare keys */
    String keyPath(String key) {
        List<String> parts = new ArrayList<>(path);
        parts.add(key);
        return dotted(parts);
    }

    /** @return the dotted path of this table, or empty for the root */
    String path() {
        return dotted(path);
    }

    boolean has(String key) {
        read.add(key);
        return table.contains(List.of(key));
    }

    Set<String> keys() {
        return table.keySet();
    }

    Optional<String> string(String key) {
        return value(key, String.class, "a string in quotes");
    }

    /** A string that must not be blank when present. */
    Optional<String> text(String key) {
        Optional<String> value = string(key);
        if (value.isPresent() && value.get().isBlank()) {
            error(key, "must not be empty");
            return Optional.empty();
        }
        return value.map(String::trim);
    }

    Optional<Long> integer(String key) {
        return value(key, Long.class, "a whole number without quotes");
    }

    Optional<Boolean> bool(String key) {
        return value(key, Boolean.class, "true or false");
    }

    Optional<TomlSection> table(String key) {
        return value(key, TomlTable.class, "a table").map(child -> {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(key);
            return new TomlSection(file, root, List.copyOf(childPath), child, problems);
        });
    }

    /** An array whose every element is a string; an element of another type is an error. */
    Optional<List<String>> strings(String key) {
        Optional<TomlArray> array = value(key, TomlArray.class, "an array of strings in quotes");
        if (array.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.get().size(); i++) {
            Object element = array.get().get(i);
            if (!(element instanceof String text)) {
                error(key, "element " + (i + 1) + " must be a string in quotes, not " + typeName(element));
                return Optional.empty();
            }
            values.add(text);
        }
        return Optional.of(values);
    }

    /** Reads a key whose type the caller inspects (for example a string or a table). */
    Optional<Object> raw(String key) {
        read.add(key);
        return Optional.ofNullable(table.get(List.of(key)));
    }

    boolean isTable(String key) {
        return table.get(List.of(key)) instanceof TomlTable;
    }

    void error(String key, String message) {
        report(Severity.ERROR, key, message);
    }

    void warning(String key, String message) {
        report(Severity.WARNING, key, message);
    }

    void notice(String key, String message) {
        report(Severity.NOTICE, key, message);
    }

    /** Reports a finding at any key path of the file, for rules that span sections. */
    void reportAt(Severity severity, List<String> keyPath, String message) {
        TomlPosition position = root.inputPositionOf(keyPath);
        problems.add(new Problem(severity, file, line(position), column(position), dotted(keyPath), message));
    }

    /** An error about this whole table, located at its header. */
    void tableError(String message) {
        TomlPosition position = path.isEmpty() ? null : root.inputPositionOf(path);
        problems.add(new Problem(Severity.ERROR, file, line(position), column(position), path(), message));
    }

    /** Warns about every key of this table that no accessor has read. */
    void warnUnknownKeys() {
        for (String key : table.keySet()) {
            if (!read.contains(key)) {
                warning(key, "unknown key, ignored (check its spelling and section against the template)");
            }
        }
    }

    private <T> Optional<T> value(String key, Class<T> type, String expected) {
        read.add(key);
        Object value = table.get(List.of(key));
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            error(key, "must be " + expected + ", not " + typeName(value));
            return Optional.empty();
        }
        return Optional.of(type.cast(value));
    }

    private void report(Severity severity, String key, String message) {
        List<String> keyPath = new ArrayList<>(path);
        keyPath.add(key);
        TomlPosition position = root.inputPositionOf(keyPath);
        problems.add(new Problem(severity, file, line(position), column(position), keyPath(key), message));
    }

    private static int line(TomlPosition position) {
        return position == null ? 0 : position.line();
    }

    private static int column(TomlPosition position) {
        return position == null ? 0 : position.column();
    }

    static String typeName(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Long) {
            return "a number";
        }
        if (value instanceof Double) {
            return "a decimal number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "an array";
        }
        return "a date or time";
    }

    private static String dotted(List<String> parts) {
        return parts.stream().map(part -> part.matches("[A-Za-z0-9_-]+") ? part : '"' + part + '"')
                .collect(Collectors.joining("."));
    }
}
