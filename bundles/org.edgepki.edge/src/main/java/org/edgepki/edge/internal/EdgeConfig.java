package org.edgepki.edge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the device's credentials (PID {@value EdgeCredentials#PID}). Method names use
 * DS's property name mapping: a double underscore stands for one underscore, so property names are
 * config.toml's ({@code device_id}, {@code edge_ca_method}, ...).
 */
@ObjectClassDefinition(id = EdgeCredentials.PID, name = "edgepki Edge CA and workload certificates",
        description = "Which Edge CA the gateway uses and how module certificates are issued from it.")
@interface EdgeConfig {

    @AttributeDefinition(name = "Hostname",
            description = "Name downstream devices connect to; CN and SAN of the edgeHub server certificate."
                    + " Empty means the operating system's hostname.")
    String hostname() default "";

    @AttributeDefinition(name = "Device id", description = "IoT Hub device id; names the quickstart Edge CA.")
    String device__id() default "";

    @AttributeDefinition(name = "Edge CA method", description = "quickstart: self-signed, generated on first start;"
            + " manual: preloaded cert and key with id aziot-edged-ca; otherwise issued by that issuer.",
            options = {
                @Option(value = EdgeCaSetup.QUICKSTART, label = "Quickstart (not for production)"),
                @Option(value = EdgeCaSetup.MANUAL, label = "Manual (preloaded files from a PKI)"),
                @Option(value = "self_signed", label = "Issued: self_signed"),
                @Option(value = "local_ca", label = "Issued: local_ca"),
                @Option(value = "est", label = "Issued: EST")
            })
    String edge__ca__method() default EdgeCaSetup.QUICKSTART;

    @AttributeDefinition(name = "Edge CA common name",
            description = "Subject CN of a generated or issued Edge CA. Empty means 'aziot-edge CA <device id or hostname>'."
                    + " The CN of the Edge CA subject, when set, wins.")
    String edge__ca__common__name() default "";

    @AttributeDefinition(name = "Edge CA subject", required = false,
            description = "Full subject of a generated or issued Edge CA ([edge_ca.subject]): entries ATTR=value,"
                    + " one RDN each, in order, e.g. L=AQ, ST=Antarctica, CN=test CA. Names are C, ST, L, O, OU,"
                    + " CN, SERIALNUMBER, DC, E, UID, STREET, POSTALCODE, GIVENNAME, SURNAME, T, INITIALS,"
                    + " DNQUALIFIER, PSEUDONYM, GENERATION. A CN is required and replaces the Edge CA common name."
                    + " Empty means a subject of the common name alone.")
    String[] edge__ca__subject() default {};

    @AttributeDefinition(name = "Edge CA lifetime (days)", min = "1")
    int edge__ca__expiry__days() default 90;

    @AttributeDefinition(name = "Edge CA key algorithm",
            description = "Key preference for a generated Edge CA key, e.g. rsa-2048 or ec-p256.")
    String edge__ca__key__algorithm() default "rsa-2048";

    @AttributeDefinition(name = "Edge CA issuer id",
            description = "For method local_ca: the certificate and key id of the CA; empty means the issuer's own setting.")
    String edge__ca__issuer__id() default "";

    @AttributeDefinition(name = "Module certificate lifetime (days)", min = "1")
    int module__cert__validity__days() default 30;

    @AttributeDefinition(name = "Module key algorithm", description = "Key preference for module keys.")
    String module__key__algorithm() default "ec-p256:rsa-2048:*";

    @AttributeDefinition(name = "Service wait (seconds)", min = "1",
            description = "How long a request waits for a key store, certificate store or issuer being updated.")
    int service__timeout__seconds() default 10;
}
