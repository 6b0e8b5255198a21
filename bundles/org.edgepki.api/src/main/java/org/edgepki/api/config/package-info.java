/**
 * Configuration: the events sent when a configuration file ({@code config.toml}) is applied to the
 * running gateway or rejected, and the service that applies it when an operator asks.
 */
@Export
@Version("1.1.0")
package org.edgepki.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
