/**
 * Production readiness checks, like {@code iotedge check}: a whiteboard of {@link
 * org.edgepki.api.check.Check} services that bundles contribute, and the {@link
 * org.edgepki.api.check.CheckService} that runs them all for the console, the shell and the
 * command line.
 */
@Export
@Version("1.1.0")
package org.edgepki.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
