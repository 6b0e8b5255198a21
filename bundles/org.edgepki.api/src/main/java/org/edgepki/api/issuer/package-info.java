/**
 * Issuers: whiteboard {@link org.edgepki.api.issuer.CertificateIssuer} services chosen by their
 * {@code method} property ({@code self_signed}, {@code local_ca}, {@code est}), so that switching
 * the Edge CA from quickstart to EST is a service coming and going. 1.1: an issuer may say when to
 * ask again ({@link org.edgepki.api.issuer.IssuanceException#retryAfter()}).
 */
@Export
@Version("1.2.0")
package org.edgepki.api.issuer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
