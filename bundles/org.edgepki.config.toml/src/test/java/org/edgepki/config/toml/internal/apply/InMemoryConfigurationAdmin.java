package org.edgepki.config.toml.internal.apply;

import java.io.IOException;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A test double of Config Admin, in memory, that can be told to fail a write: the real Felix Config
 * Admin cannot be made to fail on demand, and the rollback path needs a failing write. The real one
 * is used by the integration tests.
 */
final class InMemoryConfigurationAdmin implements ConfigurationAdmin {
    final Map<String, Hashtable<String, Object>> store = new LinkedHashMap<>();
    private final AtomicInteger factoryCount = new AtomicInteger();
    /** Writes to PIDs matching this fail with an IOException. */
    Predicate<String> failing = pid -> false;
    int writes;

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        return createFactoryConfiguration(factoryPid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        return new Entry(factoryPid + "~" + factoryCount.incrementAndGet(), factoryPid);
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        // as Config Admin does: an existing factory configuration keeps its factory PID
        Hashtable<String, Object> existing = store.get(pid);
        return new Entry(pid, existing == null ? null : (String) existing.get(SERVICE_FACTORYPID));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return new Entry(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return new Entry(factoryPid + "~" + name, factoryPid);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        org.osgi.framework.Filter parsed = FrameworkUtil.createFilter(filter);
        Configuration[] found = store.entrySet().stream().filter(entry -> parsed.match(entry.getValue()))
                .map(entry -> new Entry(entry.getKey(), (String) entry.getValue().get(SERVICE_FACTORYPID)))
                .toArray(Configuration[]::new);
        return found.length == 0 ? null : found;
    }

    final class Entry implements Configuration {
        private final String pid;
        private final String factoryPid;

        Entry(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            Hashtable<String, Object> stored = store.get(pid);
            return stored == null ? null : new Hashtable<>(stored);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> properties) throws IOException {
            if (failing.test(pid) || factoryPid != null && failing.test(factoryPid)) {
                throw new IOException("disk full (test)");
            }
            writes++;
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
            copy.put(Constants.SERVICE_PID, pid);
            if (factoryPid != null) {
                copy.put(SERVICE_FACTORYPID, factoryPid);
            }
            store.put(pid, copy);
        }

        @Override
        public void delete() {
            writes++;
            store.remove(pid);
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> properties) throws IOException {
            update(properties);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return null;
        }

        @Override
        public long getChangeCount() {
            return 0;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return EnumSet.noneOf(ConfigurationAttribute.class);
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }
    }
}
