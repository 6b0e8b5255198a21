/**
 * Managed credentials: the {@link org.edgepki.api.credential.CredentialService} of the one bundle that
 * issues, replaces, renews and recovers every certificate and key edgepki makes (the Edge CA, the device
 * and EST identities, module certificates), the status it shows, and the events it sends.
 */
@Export
@Version("1.2.0")
package org.edgepki.api.credential;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
