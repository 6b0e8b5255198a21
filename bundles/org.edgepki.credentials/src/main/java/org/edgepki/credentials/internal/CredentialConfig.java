package org.edgepki.credentials.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of the {@code org.edgepki.credential} factory configurations, one per credential
 * edgepki issues and renews (config.toml writes them; Kura's and the Web Console's configuration
 * screens can too). Read, typed, by {@link CredentialConfiguration} and {@link CredentialSettings}; the
 * {@code est_*} properties travel in each issuance request. Empty fields mean "not set".
 */
@ObjectClassDefinition(id = CredentialConfiguration.FACTORY_PID,
        name = "edgepki managed credential",
        description = "A certificate and key that edgepki owns (issues, replaces when these settings change, renews), or"
                + " validates when they are manual, such as the Edge CA or the device identity.")
@interface CredentialConfig {

    @AttributeDefinition(name = "Credential id", description = "Certificate and key id, for example aziot-edged-ca or device-id.")
    String credential__id();

    @AttributeDefinition(name = "Issuance method", options = {
        @Option(value = "self_signed", label = "self_signed"),
        @Option(value = "local_ca", label = "local_ca"),
        @Option(value = "est", label = "est (RFC 7030)"),
        @Option(value = "manual", label = "manual (preloaded files from your PKI; validated, never written)")
    })
    String method();

    @AttributeDefinition(name = "Profile", required = false, description = "What the certificate is for. Empty: ca for"
            + " aziot-edged-ca, client otherwise.", options = {
        @Option(value = "", label = "(default)"), @Option(value = "ca", label = "ca"),
        @Option(value = "server", label = "server"), @Option(value = "client", label = "client")
    })
    String profile() default "";

    @AttributeDefinition(name = "Key algorithm", required = false, description = "Key preference for a new key, e.g."
            + " rsa-2048 or ec-p256:rsa-2048:*. Empty: rsa-2048 for a CA, ec-p256:rsa-2048:* otherwise.")
    String key__algorithm() default "";

    @AttributeDefinition(name = "Subject", required = false,
            description = "Subject attributes in order, one ATTR=value each (CN=..., O=...).")
    String[] subject() default {};

    @AttributeDefinition(name = "Lifetime (days)", min = "1", description = "Requested validity of each certificate.")
    int expiry__days() default 90;

    @AttributeDefinition(name = "Issuer id", required = false, description = "For local_ca: the id of the issuing CA.")
    String issuer__id() default "";

    @AttributeDefinition(name = "Renew at", required = false,
            description = "auto_renew threshold: a percentage of the lifetime (80%) or a time before expiry (4d, 10min)."
                    + " Empty: 80% when renewal is on.")
    String auto__renew__threshold() default "";

    @AttributeDefinition(name = "Retry every", required = false,
            description = "auto_renew retry after a failed attempt: a percentage (4%) or a time (1h). Empty: 4%.")
    String auto__renew__retry() default "";

    @AttributeDefinition(name = "Rotate key", required = false, description = "auto_renew rotate_key. Empty: true.",
            options = {@Option(value = "", label = "(default: true)"), @Option(value = "true", label = "true"),
                @Option(value = "false", label = "false")})
    String auto__renew__rotate__key() default "";

    @AttributeDefinition(name = "EST URL", required = false, description = "For est: this certificate's own EST URL.")
    String est__url() default "";

    @AttributeDefinition(name = "EST user", required = false, description = "For est: this certificate's own Basic user.")
    String est__username() default "";

    @AttributeDefinition(name = "EST password", required = false, type = AttributeType.PASSWORD,
            description = "For est: the password of that user.")
    String est__password() default "";

    @AttributeDefinition(name = "EST password file", required = false,
            description = "For est: a file (0600) whose first line is that password; config.toml writes the password"
                    + " there, so Config Admin never holds it.")
    String est__password__file() default "";

    @AttributeDefinition(name = "EST identity id", required = false, description = "For est: the EST identity certificate's id.")
    String est__identity__id() default "";

    @AttributeDefinition(name = "EST bootstrap id", required = false, description = "For est: the bootstrap certificate's id.")
    String est__bootstrap__id() default "";
}
