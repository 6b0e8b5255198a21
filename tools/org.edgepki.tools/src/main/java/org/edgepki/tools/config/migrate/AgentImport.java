package org.edgepki.tools.config.migrate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries 1.1 {@code agent:} (the edgeAgent module spec) over to config.toml {@code [agent]} as
 * {@code iotedge config import} does: same keys, {@code imagePullPolicy} written out
 * ({@code on-create} by default), docker {@code createOptions} and registry {@code auth} copied
 * value by value, {@code env} values as strings.
 */
final class AgentImport {
    private static final Set<String> AGENT_KEYS = Set.of("name", "type", "config", "env", "imagePullPolicy");
    private static final Set<String> CONFIG_KEYS = Set.of("image", "imageHash", "createOptions", "digest", "auth");

    private AgentImport() {
    }

    /** @return the {@code [agent]} table, or empty when config.yaml has no agent */
    static Optional<OrderedTomlTable> convert(YamlField agent, List<String> notes) throws LegacyConfigException {
        if (!agent.isPresent()) {
            return Optional.empty();
        }
        agent.noteUnknownKeys(AGENT_KEYS, notes);
        OrderedTomlTable table = new OrderedTomlTable()
                .put("name", agent.get("name").string())
                .put("type", agent.get("type").string())
                .put("imagePullPolicy", imagePullPolicy(agent.get("imagePullPolicy")));

        YamlField config = agent.get("config");
        if (!config.isPresent()) {
            throw config.error("is required (at least image:)");
        }
        config.noteUnknownKeys(CONFIG_KEYS, notes);
        OrderedTomlTable dockerConfig = table.table("config").put("image", config.get("image").string());
        config.get("imageHash").optionalString().ifPresent(hash -> dockerConfig.put("imageHash", hash));
        config.get("digest").optionalString().ifPresent(digest -> dockerConfig.put("digest", digest));
        copyMapping(config.get("createOptions"), dockerConfig, "createOptions", notes);
        copyMapping(config.get("auth"), dockerConfig, "auth", notes);

        YamlField env = agent.get("env");
        if (env.isPresent()) {
            OrderedTomlTable variables = table.table("env");
            for (Map.Entry<String, YamlField> entry : env.entries().entrySet()) {
                if (entry.getValue().isPresent()) {
                    variables.put(entry.getKey(), entry.getValue().text());
                } else {
                    notes.add(entry.getValue().note("null value dropped (TOML has no null)"));
                }
            }
        }
        return Optional.of(table);
    }

    private static String imagePullPolicy(YamlField policy) throws LegacyConfigException {
        String value = policy.optionalString().orElse("on-create");
        if (!value.equals("on-create") && !value.equals("never")) {
            throw policy.error("must be on-create or never");
        }
        return value;
    }

    private static void copyMapping(YamlField field, OrderedTomlTable target, String key, List<String> notes)
            throws LegacyConfigException {
        if (!field.isPresent()) {
            return;
        }
        if (!field.isMapping()) {
            throw field.error("must be a mapping of keys to values");
        }
        target.put(key, VerbatimValue.of(field, notes));
    }
}
