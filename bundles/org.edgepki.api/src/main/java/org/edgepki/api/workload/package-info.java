/**
 * The device's credentials as modules see them: server and identity certificates issued from the
 * Edge CA, and the Edge CA chain.
 */
@Export
@Version("1.0.0")
package org.edgepki.api.workload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
