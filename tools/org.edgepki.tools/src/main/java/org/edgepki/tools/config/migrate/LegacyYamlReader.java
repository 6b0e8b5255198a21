package org.edgepki.tools.config.migrate;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Composes config.yaml text into SnakeYAML nodes, which keep the line and column of every key.
 * Nothing is constructed into Java objects, so no tag can instantiate a class.
 */
final class LegacyYamlReader {
    /** A config.yaml is a few kilobytes; this bounds what a hostile file can make us hold. */
    private static final int MAX_CODE_POINTS = 1 << 20;
    private static final int MAX_NESTING = 64;
    private static final int MAX_ALIASES = 20;

    private LegacyYamlReader() {
    }

    /** @return the root of the single YAML document in {@code text}, which must be a mapping */
    static YamlField read(String text, String sourceName) throws LegacyConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // Only the problem, never getMessage(): that one quotes a snippet of the file, which may hold a key.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext()
                    : e.getContext() + ", " + e.getProblem();
            throw new LegacyConfigException(sourceName, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new LegacyConfigException(sourceName, 0, 0, "",
                    "not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null) {
            throw new LegacyConfigException(sourceName, 0, 0, "", "is empty; expected an IoT Edge 1.1 config.yaml");
        }
        YamlField field = YamlField.root(sourceName, root);
        if (!field.isMapping()) {
            throw field.error("must be a mapping of IoT Edge 1.1 settings (provisioning:, hostname:, ...);"
                    + " is this a config.yaml?");
        }
        return field;
    }
}
