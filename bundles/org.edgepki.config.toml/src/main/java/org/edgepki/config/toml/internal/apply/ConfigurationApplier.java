package org.edgepki.config.toml.internal.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Compares a plan with what Config Admin holds and writes the difference, all of it or none of it:
 * if a write fails, every configuration already written is put back as it was.
 */
public final class ConfigurationApplier {
    /** Property marking configurations written from config.toml: the file's path. */
    public static final String SOURCE = "edgepki.config.source";
    /** Configuration locations are "?" so the bundle that owns each PID can bind it (CM 1.4+). */
    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin configurationAdmin;

    public ConfigurationApplier(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    /** Thrown when a write failed; nothing stays changed (unless the rollback failed too, which it says). */
    public static final class ApplyException extends Exception {
        private static final long serialVersionUID = 1L;

        ApplyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param plan what config.toml asks for
     * @param source the file's path, stored in {@value #SOURCE}
     * @return the configurations that differ, in application order; credential configurations no
     *         longer in the plan are deleted
     */
    public List<ConfigurationChange> difference(List<PlannedConfiguration> plan, String source)
            throws ApplyException {
        List<ConfigurationChange> changes = new ArrayList<>();
        Set<String> plannedCredentials = new HashSet<>();
        for (PlannedConfiguration planned : plan) {
            Configuration existing = planned.isFactory() ? credential(planned.name()) : singleton(planned.pid());
            if (planned.isFactory()) {
                plannedCredentials.add(planned.name());
            }
            if (existing == null && planned.values().isEmpty()) {
                continue; // nothing to say to a component that has no configuration yet
            }
            Map<String, Object> before = existing == null ? null : properties(existing.getProperties());
            Map<String, Object> after = new LinkedHashMap<>(before == null ? Map.of() : before);
            after.keySet().removeAll(planned.managedKeys());
            after.putAll(planned.values());
            after.put(SOURCE, source);
            if (before == null || !sameProperties(before, after)) {
                changes.add(new ConfigurationChange(planned, existing == null ? null : existing.getPid(), before, after));
            }
        }
        for (Configuration stale : credentials()) {
            Map<String, Object> properties = properties(stale.getProperties());
            Object id = properties.get(PlannedConfiguration.CREDENTIAL_ID);
            if (id != null && properties.containsKey(SOURCE) && !plannedCredentials.contains(id.toString())) {
                PlannedConfiguration gone = new PlannedConfiguration(PlannedConfiguration.CREDENTIAL_FACTORY,
                        id.toString(), Set.of(), Map.of());
                changes.add(new ConfigurationChange(gone, stale.getPid(), properties, null));
            }
        }
        return changes;
    }

    /** Writes the changes in order; on a failure restores what was written and throws. */
    public void apply(List<ConfigurationChange> changes) throws ApplyException {
        List<ConfigurationChange> written = new ArrayList<>();
        for (ConfigurationChange change : changes) {
            try {
                write(change);
                written.add(change);
            } catch (IOException | RuntimeException e) {
                String rollback = rollBack(written);
                throw new ApplyException("writing " + change.planned().displayName() + " failed (" + e.getMessage()
                        + "); " + rollback, e);
            }
        }
    }

    private void write(ConfigurationChange change) throws IOException {
        if (change.after() == null) {
            configurationAdmin.getConfiguration(change.pid(), ANY_LOCATION).delete();
            return;
        }
        Configuration target = change.pid() != null ? configurationAdmin.getConfiguration(change.pid(), ANY_LOCATION)
                : change.planned().isFactory()
                        ? configurationAdmin.createFactoryConfiguration(change.planned().pid(), ANY_LOCATION)
                        : configurationAdmin.getConfiguration(change.planned().pid(), ANY_LOCATION);
        target.update(new Hashtable<>(change.after()));
    }

    private String rollBack(List<ConfigurationChange> written) {
        List<String> failed = new ArrayList<>();
        for (int i = written.size() - 1; i >= 0; i--) {
            ConfigurationChange change = written.get(i);
            try {
                if (change.before() == null) {
                    Configuration created = change.planned().isFactory() ? credential(change.planned().name())
                            : singleton(change.planned().pid());
                    if (created != null) {
                        created.delete();
                    }
                } else {
                    Configuration target = change.after() == null && change.planned().isFactory()
                            ? configurationAdmin.createFactoryConfiguration(change.planned().pid(), ANY_LOCATION)
                            : configurationAdmin.getConfiguration(change.pid(), ANY_LOCATION);
                    target.update(new Hashtable<>(change.before()));
                }
            } catch (IOException | RuntimeException | ApplyException e) {
                failed.add(change.planned().displayName());
            }
        }
        return failed.isEmpty() ? "the configurations already written were restored, nothing changed"
                : "restoring failed for " + String.join(", ", failed) + "; check them in the Web Console";
    }

    private Configuration singleton(String pid) throws ApplyException {
        Configuration[] found = list("(" + Constants.SERVICE_PID + "=" + pid + ")");
        return found == null ? null : found[0];
    }

    private Configuration credential(String credentialId) throws ApplyException {
        for (Configuration configuration : credentials()) {
            Object id = configuration.getProperties() == null ? null
                    : configuration.getProperties().get(PlannedConfiguration.CREDENTIAL_ID);
            if (credentialId.equals(id)) {
                return configuration;
            }
        }
        return null;
    }

    private List<Configuration> credentials() throws ApplyException {
        Configuration[] found = list("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
                + PlannedConfiguration.CREDENTIAL_FACTORY + ")");
        return found == null ? List.of() : List.of(found);
    }

    private Configuration[] list(String filter) throws ApplyException {
        try {
            return configurationAdmin.listConfigurations(filter);
        } catch (IOException | InvalidSyntaxException e) {
            throw new ApplyException("cannot list configurations: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> properties(Dictionary<String, Object> dictionary) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (dictionary == null) {
            return properties;
        }
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.equals(Constants.SERVICE_PID) && !key.equals(ConfigurationAdmin.SERVICE_FACTORYPID)
                    && !key.equals(ConfigurationAdmin.SERVICE_BUNDLELOCATION)) {
                properties.put(key, dictionary.get(key));
            }
        }
        return properties;
    }

    private static boolean sameProperties(Map<String, Object> before, Map<String, Object> after) {
        if (!before.keySet().equals(after.keySet())) {
            return false;
        }
        return before.keySet().stream().allMatch(key -> ConfigurationChange.sameValue(before.get(key), after.get(key)));
    }
}
