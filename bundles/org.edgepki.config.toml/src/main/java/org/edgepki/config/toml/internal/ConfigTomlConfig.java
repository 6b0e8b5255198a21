package org.edgepki.config.toml.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the config.toml adapter itself (PID {@value ConfigTomlAdapter#PID}). */
@ObjectClassDefinition(id = ConfigTomlAdapter.PID, name = "edgepki config.toml adapter",
        description = "Which IoT Edge config.toml is applied to the running gateway.")
@interface ConfigTomlConfig {

    @AttributeDefinition(name = "File", description = "Path of the config.toml. Empty means the framework property"
            + " edgepki.config, else the environment variable EDGEPKI_CONFIG, else /etc/aziot/config.toml.")
    String file() default "";

    @AttributeDefinition(name = "Watch the file",
            description = "Apply the file again whenever it changes (saved, replaced or created).")
    boolean watch() default true;

    @AttributeDefinition(name = "Settle time (milliseconds)", min = "0",
            description = "How long the file must stay unchanged before it is read, so a save in progress is not read half-written.")
    int settle__millis() default 300;
}
