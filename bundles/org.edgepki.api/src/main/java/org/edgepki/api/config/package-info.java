/**
 * Configuration: the events sent when a configuration file ({@code config.toml}) is applied to the
 * running gateway or rejected.
 */
@Export
@Version("1.0.0")
package org.edgepki.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
