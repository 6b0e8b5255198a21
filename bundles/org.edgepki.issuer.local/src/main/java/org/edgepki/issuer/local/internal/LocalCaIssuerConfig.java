package org.edgepki.issuer.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code local_ca} issuer (PID {@value LocalCaIssuer#PID}). */
@ObjectClassDefinition(id = LocalCaIssuer.PID, name = "edgepki local CA issuer",
        description = "Issues certificates signed by a CA whose certificate and key the stores hold.")
public @interface LocalCaIssuerConfig {

    @AttributeDefinition(name = "Issuer id",
            description = "Certificate and key id of the CA that signs requests which name no issuer.")
    String issuer__id() default "local-ca";

    @AttributeDefinition(name = "Service timeout (seconds)", min = "0",
            description = "How long an issuance waits for a missing key or certificate service before failing with a retryable error.")
    int service__timeout__seconds() default 10;
}
