package org.edgepki.edge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the device's credentials (PID {@value EdgeCredentials#PID}). Method names use
 * DS's property name mapping: a double underscore stands for one underscore, so property names are
 * config.toml's ({@code device_id}, {@code edge_ca_method}, ...).
 */
@ObjectClassDefinition(id = EdgeCredentials.PID, name = "edgepki device and workload certificates",
        description = "The device's names, and how module certificates are issued from the Edge CA. The Edge CA itself"
                + " is a managed credential: the org.edgepki.credential configuration aziot-edged-ca.")
@interface EdgeConfig {

    @AttributeDefinition(name = "Hostname",
            description = "Name downstream devices connect to; CN and SAN of the edgeHub server certificate."
                    + " Empty means the operating system's hostname.")
    String hostname() default "";

    @AttributeDefinition(name = "Device id", description = "IoT Hub device id (manual provisioning); the Edge CA's CN"
            + " must differ from it, and the device identity certificate's CN must be it.")
    String device__id() default "";

    @AttributeDefinition(name = "DPS registration id", description = "The registration id of a DPS X.509 attestation;"
            + " the device identity certificate's CN must be it.")
    String registration__id() default "";

    @AttributeDefinition(name = "Module certificate lifetime (days)", min = "1")
    int module__cert__validity__days() default 30;

    @AttributeDefinition(name = "Module key algorithm", description = "Key preference for module keys.")
    String module__key__algorithm() default "ec-p256:rsa-2048:*";

    @AttributeDefinition(name = "Service wait (seconds)", min = "1",
            description = "How long a request waits for a key store, certificate store or issuer being updated.")
    int service__timeout__seconds() default 10;
}
