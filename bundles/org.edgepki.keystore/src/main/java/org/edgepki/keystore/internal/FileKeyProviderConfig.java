package org.edgepki.keystore.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the file key provider, PID {@value #PID}. */
@ObjectClassDefinition(id = FileKeyProviderConfig.PID, name = "edgepki file key provider",
        description = "Keeps private keys as unencrypted PKCS#8 PEM files (mode 0600) in <home>/keyd/keys "
                + "(mode 0700) and reads preloaded keys at file: URIs.")
public @interface FileKeyProviderConfig {
    /** The configuration PID, which is also the Metatype OCD id. */
    String PID = "org.edgepki.keystore.file";

    /** @return the state directory; empty means the framework default */
    @AttributeDefinition(name = "State directory", required = false,
            description = "Keys are kept in <home>/keyd/keys. Empty: the framework property edgepki.home, "
                    + "else the environment variable EDGEPKI_HOME, else /var/lib/edgepki.")
    String home() default "";
}
