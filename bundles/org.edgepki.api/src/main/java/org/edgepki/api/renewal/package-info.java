/**
 * Renewal: the {@link org.edgepki.api.renewal.RenewalService} that renews every certificate edgepki
 * issues, by its {@code auto_renew} policy, and the events it sends.
 */
@Export
@Version("1.0.0")
package org.edgepki.api.renewal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
