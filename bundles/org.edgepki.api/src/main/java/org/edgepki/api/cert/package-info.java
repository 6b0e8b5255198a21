/**
 * Certificates: the {@link org.edgepki.api.cert.CertificateService} store of certificate chains by
 * certificate id, the {@link org.edgepki.api.cert.TrustBundle}, and the events sent when stored
 * certificates change.
 */
@Export
@Version("1.0.0")
package org.edgepki.api.cert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
