/**
 * Common parts of every edgepki contract: the base exception and the well-known credential ids.
 */
@Export
@Version("1.1.0")
package org.edgepki.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
