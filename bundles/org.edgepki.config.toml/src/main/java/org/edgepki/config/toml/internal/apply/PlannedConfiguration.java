package org.edgepki.config.toml.internal.apply;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What config.toml says one Config Admin configuration must hold. The file owns only
 * {@link #managedKeys()}: other properties (set in the Web Console, say) are kept, except that a
 * managed key config.toml no longer sets is removed, so the component's default applies again.
 *
 * @param pid the PID, or the factory PID for a factory configuration
 * @param name for a factory configuration the credential id it is about, else null
 * @param managedKeys the property names config.toml decides
 * @param values the values config.toml gives (a subset of managedKeys); String, String[], Integer or Boolean
 */
public record PlannedConfiguration(String pid, String name, Set<String> managedKeys, Map<String, Object> values) {
    /** The factory PID of the per-credential configurations. */
    public static final String CREDENTIAL_FACTORY = "org.edgepki.credential";
    /** The property of a credential configuration that names its credential. */
    public static final String CREDENTIAL_ID = "credential_id";

    public PlannedConfiguration {
        managedKeys = Collections.unmodifiableSet(new TreeSet<>(managedKeys));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (!managedKeys.containsAll(values.keySet())) {
            throw new IllegalArgumentException("values outside the managed keys of " + pid);
        }
    }

    /** @return whether this is a factory configuration about one credential */
    public boolean isFactory() {
        return name != null;
    }

    /** @return the PID for a singleton, {@code factoryPid~name} for a factory configuration */
    public String displayName() {
        return isFactory() ? pid + "~" + name : pid;
    }
}
