package org.edgepki.tools.config.migrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One value of a composed config.yaml, known by its key path, read through typed accessors whose
 * failures name the file, line, column and key path. A key that is missing, or whose value is YAML
 * null, is an absent field: it still has a path and points at the mapping that lacks it.
 *
 * <p>Errors point at the key rather than the value, so that {@code 12:3} leads to the line and key
 * the user has to change. No accessor ever puts the value itself into a message.
 */
final class YamlField {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    private final String source;
    private final String path;
    private final Node node;
    private final Mark mark;
    private final int depth;
    private Map<String, YamlField> entries;

    private YamlField(String source, String path, Node node, Mark mark, int depth) {
        this.source = source;
        this.path = path;
        this.node = node == null || isNullScalar(node) ? null : node;
        this.mark = mark;
        this.depth = depth;
    }

    static YamlField root(String source, Node node) {
        return new YamlField(source, "", node, node.getStartMark(), 0);
    }

    String path() {
        return path;
    }

    /** @return how many mappings and lists enclose this value */
    int depth() {
        return depth;
    }

    /** @return false for a missing key or a YAML null */
    boolean isPresent() {
        return node != null;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** @return the YAML tag of a present scalar, such as {@link Tag#INT} for a plain {@code 42} */
    Tag scalarTag() throws LegacyConfigException {
        return scalar().getTag();
    }

    /** The entries of a mapping in file order; an absent field has none. */
    Map<String, YamlField> entries() throws LegacyConfigException {
        if (entries != null) {
            return entries;
        }
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping of keys to values, not " + describe(node));
        }
        Map<String, YamlField> found = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar) || keyNode.getTag().equals(Tag.MERGE)) {
                throw new YamlField(source, path, keyNode, keyNode.getStartMark(), depth)
                        .error("keys must be plain names (YAML merge keys and complex keys are not supported)");
            }
            String key = keyScalar.getValue();
            YamlField child = new YamlField(source, childPath(key), tuple.getValueNode(), keyNode.getStartMark(),
                    depth + 1);
            if (found.putIfAbsent(key, child) != null) {
                throw child.error("duplicate key");
            }
        }
        entries = Collections.unmodifiableMap(found);
        return entries;
    }

    /** @return the value of {@code key}, absent when this mapping lacks it */
    YamlField get(String key) throws LegacyConfigException {
        YamlField child = entries().get(key);
        return child != null ? child : new YamlField(source, childPath(key), null, mark, depth + 1);
    }

    /** The elements of a sequence; an absent field has none. */
    List<YamlField> elements() throws LegacyConfigException {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error("must be a list, not " + describe(node));
        }
        List<YamlField> elements = new ArrayList<>();
        for (Node element : sequence.getValue()) {
            String elementPath = path + "[" + elements.size() + "]";
            elements.add(new YamlField(source, elementPath, element, element.getStartMark(), depth + 1));
        }
        return elements;
    }

    /** Adds a note for every key of this mapping that is not in {@code known}. */
    void noteUnknownKeys(Set<String> known, List<String> notes) throws LegacyConfigException {
        for (Map.Entry<String, YamlField> entry : entries().entrySet()) {
            if (!known.contains(entry.getKey())) {
                notes.add(entry.getValue().note("unknown key, dropped"));
            }
        }
    }

    /** The text of a required, non-blank scalar; numbers and booleans are taken as written. */
    String string() throws LegacyConfigException {
        if (node == null) {
            throw error("is required");
        }
        String text = text();
        if (text.isBlank()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** The text of a present scalar, as written, possibly empty. */
    String text() throws LegacyConfigException {
        String text = scalar().getValue();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("contains an invalid Unicode character (unpaired surrogate)");
            }
        }
        return text;
    }

    Optional<String> optionalString() throws LegacyConfigException {
        return node == null ? Optional.empty() : Optional.of(string());
    }

    /** A YAML boolean ({@code true/false}, also {@code yes/no/on/off}), or {@code absent} when missing. */
    boolean bool(boolean absent) throws LegacyConfigException {
        if (node == null) {
            return absent;
        }
        String text = scalar().getValue().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw error("must be true or false");
    }

    /** A required decimal whole number within {@code [min, max]}. */
    long integer(long min, long max) throws LegacyConfigException {
        if (node == null) {
            throw error("is required");
        }
        String text = scalar().getValue();
        String rule = "must be a whole number from " + min + " to " + max;
        if (!DECIMAL.matcher(text).matches() || text.length() > 18) {
            throw error(rule);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw error(rule);
        }
        return value;
    }

    LegacyConfigException error(String rule) {
        return new LegacyConfigException(source, mark.getLine() + 1, mark.getColumn() + 1, path, rule);
    }

    /** @return a note line about this field, located like an error */
    String note(String text) {
        return error(text).getMessage();
    }

    private ScalarNode scalar() throws LegacyConfigException {
        if (node == null) {
            throw error("is required");
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not " + describe(node));
        }
        return scalar;
    }

    private String childPath(String key) {
        String segment = BARE_KEY.matcher(key).matches()
                ? key
                : "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return path.isEmpty() ? segment : path + "." + segment;
    }

    private static boolean isNullScalar(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }
}
