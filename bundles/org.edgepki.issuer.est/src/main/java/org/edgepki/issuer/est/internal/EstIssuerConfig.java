package org.edgepki.issuer.est.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the EST issuer (PID {@value EstIssuer#PID}): config.toml's
 * {@code [cert_issuance.est]}. A certificate's own EST settings ({@code est_url},
 * {@code est_username}, ... in its {@code org.edgepki.credential} configuration) override these.
 */
@ObjectClassDefinition(id = EstIssuer.PID, name = "edgepki EST issuer",
        description = "Issues certificates from an RFC 7030 EST server ([cert_issuance.est] in config.toml).")
@interface EstIssuerConfig {

    @AttributeDefinition(name = "Trusted server CAs", required = false,
            description = "Certificate id of the EST server's CA certificates (trusted_certs); system roots are trusted too.")
    String trusted__certs__id() default "";

    @AttributeDefinition(name = "URLs", required = false,
            description = "EST base URLs as <cert id>=<url>, and default=<url> for the others.")
    String[] urls() default {};

    @AttributeDefinition(name = "Username", required = false, description = "HTTP Basic authentication user.")
    String username() default "";

    @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD,
            description = "HTTP Basic authentication password.")
    String password() default "";

    @AttributeDefinition(name = "Password file", required = false,
            description = "A file (0600) whose first line is the password; config.toml writes the password there, so"
                    + " Config Admin never holds it.")
    String password__file() default "";

    @AttributeDefinition(name = "EST identity id", required = false,
            description = "Certificate and key id of the EST identity (TLS client authentication).")
    String identity__id() default "";

    @AttributeDefinition(name = "Bootstrap identity id", required = false,
            description = "Certificate and key id of the long-lived bootstrap identity that enrolls the EST identity.")
    String bootstrap__id() default "";

    @AttributeDefinition(name = "Timeout (seconds)", min = "1",
            description = "Connecting to the EST server, and each read, may take this long.")
    int timeout__seconds() default 30;

    @AttributeDefinition(name = "Deadline (seconds)", min = "1",
            description = "One enrollment (connecting, TLS, every request and answer) ends by this time; a server that"
                    + " drips its answer is cut off, and the enrollment is tried again later.")
    int deadline__seconds() default 120;

    @AttributeDefinition(name = "Service wait (seconds)", min = "0",
            description = "How long an issuance waits for the key and certificate services while they are updated.")
    int service__timeout__seconds() default 10;
}
