package org.edgepki.issuer.est.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The {@code org.edgepki.credential} factory configurations, read as property maps. */
final class CredentialConfigurations {
    static final String FACTORY_PID = "org.edgepki.credential";

    private CredentialConfigurations() {
    }

    /**
     * @param admin Config Admin
     * @param filter an LDAP filter on the credentials' properties, for example {@code (method=est)}
     * @return the properties of each matching credential configuration, unmodifiable
     */
    static List<Map<String, Object>> matching(ConfigurationAdmin admin, String filter)
            throws IOException, InvalidSyntaxException {
        Configuration[] found = admin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")" + filter + ")");
        List<Map<String, Object>> all = new ArrayList<>();
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            Map<String, Object> properties = new HashMap<>();
            Dictionary<String, Object> dictionary = configuration.getProperties();
            for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                properties.put(key, dictionary.get(key));
            }
            all.add(Collections.unmodifiableMap(properties));
        }
        return all;
    }
}
