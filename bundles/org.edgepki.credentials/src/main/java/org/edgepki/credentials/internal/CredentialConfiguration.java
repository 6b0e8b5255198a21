package org.edgepki.credentials.internal;

import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One managed credential's configuration (factory PID {@value #FACTORY_PID}: config.toml writes one per credential,
 * Kura's and the Web Console's configuration screens edit them), read typed and handed to the credential service.
 * One instance per configuration, none without one. A value it refuses leaves the credential on its last good
 * settings (SCR logs the refusal, naming the property).
 */
@Component(service = {}, configurationPid = CredentialConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CredentialConfig.class, factory = true)
public final class CredentialConfiguration {
    static final String FACTORY_PID = "org.edgepki.credential";
    /** {@code ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED} (DS 1.1). */
    private static final int CONFIGURATION_DELETED = 4;

    @Reference
    private CredentialRegistry registry;
    private String pid;

    @Activate
    @Modified
    void configure(CredentialConfig config, Map<String, Object> properties) throws ConfigurationException {
        pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        registry.configured(pid, CredentialSettings.from(config));
    }

    /**
     * Only a deleted configuration stops managing the credential: a component deactivated because the credential
     * service or the bundle goes away changes nothing that is kept.
     */
    @Deactivate
    void deactivate(int reason) {
        if (reason == CONFIGURATION_DELETED) {
            registry.removed(pid);
        }
    }
}
