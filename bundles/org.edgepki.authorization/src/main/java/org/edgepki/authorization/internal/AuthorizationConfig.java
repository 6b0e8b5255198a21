package org.edgepki.authorization.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operator's authorization policy, PID {@value #PID}. Method names map to attribute names by the DS rule.
 */
@ObjectClassDefinition(id = AuthorizationConfig.PID, name = "edgepki authorization",
        description = "Which bundles (other than edgepki's own, which are granted what they need) may use edgepki's keys, "
                + "store certificates, ask for credentials and get module certificates. Everything not granted is "
                + "denied, logged once per bundle, operation and id.")
public @interface AuthorizationConfig {
    /** The configuration PID, which is also the Metatype OCD id. */
    String PID = "org.edgepki.authorization";

    /** @return grants, each "bundle operation id" */
    @AttributeDefinition(name = "Grants", required = false,
            description = "Each: <bundle symbolic name> <operation> <id>, separated by spaces, each exact or a glob with"
                    + " *. Operations: key.create key.import key.delete key.move key.sign key.use cert.store cert.import"
                    + " cert.delete cert.move issue.ca issue.server issue.client credential.issue.ca"
                    + " credential.issue.server credential.issue.client credential.renew workload.server"
                    + " workload.identity. Example: com.example.telemetry key.sign telemetry-*")
    String[] grants() default {};

    /** @return module mappings, each "bundle module" */
    @AttributeDefinition(name = "Modules", required = false,
            description = "Each: <bundle symbolic name> <module id>, the bundle (exact or a glob with *) being that "
                    + "module: it may get the module's server and identity certificates (workload.server, "
                    + "workload.identity on the module id). Example: com.example.telemetry telemetry")
    String[] modules() default {};
}
