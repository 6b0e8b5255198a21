/**
 * The device's credentials as modules see them: server and identity certificates issued from the
 * Edge CA, the Edge CA chain, and the event that announces a new Edge CA (1.1).
 */
@Export
@Version("1.1.0")
package org.edgepki.api.workload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
