package org.edgepki.certstore.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the certificate store (PID {@value #PID}).
 *
 * <p>Method names use DS's property name mapping: a double underscore stands for one underscore in
 * the property name, so {@code preloaded__certs()} reads the property {@code preloaded_certs}, the
 * name config.toml uses.
 */
@ObjectClassDefinition(id = CertificateStoreConfig.PID, name = "edgepki certificate store",
        description = "Where certificate chains are kept, and which chains are preloaded files.")
public @interface CertificateStoreConfig {
    /** The configuration PID, which is also the Metatype OCD id. */
    String PID = "org.edgepki.certstore";

    @AttributeDefinition(name = "State directory", required = false,
            description = "Chains are kept under <home>/certd/certs. Empty: the framework property "
                    + "edgepki.home, else the environment variable EDGEPKI_HOME, else /var/lib/edgepki.")
    String home() default "";

    @AttributeDefinition(name = "Preloaded certificates", required = false,
            description = "Entries id=file:///absolute/path, read where they are and never written. "
                    + "An id given several times names several files whose chains are concatenated "
                    + "in order (a trust bundle made of several files). PEM or DER.")
    String[] preloaded__certs() default {};

    @AttributeDefinition(name = "Service timeout (seconds)", min = "0",
            description = "How long an import waits for the key service before failing with a "
                    + "retryable error.")
    int service__timeout__seconds() default 10;
}
