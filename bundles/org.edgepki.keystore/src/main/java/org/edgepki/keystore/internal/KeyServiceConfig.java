package org.edgepki.keystore.internal;

import org.edgepki.common.osgi.TrustedBundles;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the key service, PID {@value #PID}. Method names map to attribute names by the
 * DS rule: a double underscore is one underscore ({@code preloaded__keys} is {@code preloaded_keys}).
 */
@ObjectClassDefinition(id = KeyServiceConfig.PID, name = "edgepki key service",
        description = "Routes key ids to key providers: preloaded keys to the provider of their URI's scheme, "
                + "every other key to the base provider's store.")
public @interface KeyServiceConfig {
    /** The configuration PID, which is also the Metatype OCD id. */
    String PID = "org.edgepki.keystore";

    /** @return the [preloaded_keys] of config.toml, as id=URI entries */
    @AttributeDefinition(name = "Preloaded keys", required = false,
            description = "Keys that live where they are and are never written, as id=URI: "
                    + "device-id=file:///var/secrets/device-id.key.pem or device-id=pkcs11:token=t;object=device-id")
    String[] preloaded__keys() default {};

    /** @return the scheme of the provider that stores every key that is not preloaded */
    @AttributeDefinition(name = "Base key store", description = "Where keys that are not preloaded are created: "
            + "file (<home>/keyd/keys) or pkcs11 (the configured base slot).",
            options = {@Option(label = "Files", value = "file"), @Option(label = "PKCS#11 base slot", value = "pkcs11")})
    String base__scheme() default "file";

    /** @return how long a call waits for a missing key provider, in seconds */
    @AttributeDefinition(name = "Provider wait (seconds)", min = "0", max = "3600",
            description = "How long a call waits for a key provider that is missing (for example while its bundle "
                    + "is updated) before failing with a retryable error.")
    int service__timeout__seconds() default 10;

    /** @return the bundles whose key providers are used */
    @AttributeDefinition(name = "Key provider bundles", required = false,
            description = "Symbolic names (or globs with *) of the bundles whose key providers receive keys; a provider"
                    + " from any other bundle is ignored, however high its ranking. edgepki's own: org.edgepki.*")
    String[] key__provider__bundles() default {TrustedBundles.EDGEPKI};
}
