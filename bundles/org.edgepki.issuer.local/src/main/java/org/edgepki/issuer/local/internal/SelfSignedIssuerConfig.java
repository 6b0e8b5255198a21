package org.edgepki.issuer.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code self_signed} issuer (PID {@value SelfSignedIssuer#PID}). */
@ObjectClassDefinition(id = SelfSignedIssuer.PID, name = "edgepki self-signed issuer",
        description = "Issues self-signed certificates, such as the quickstart Edge CA, signed by the subject's own key.")
public @interface SelfSignedIssuerConfig {

    @AttributeDefinition(name = "Service timeout (seconds)", min = "0",
            description = "How long an issuance waits for a missing key service before failing with a retryable error.")
    int service__timeout__seconds() default 10;
}
