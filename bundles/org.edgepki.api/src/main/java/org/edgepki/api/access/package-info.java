/**
 * Who may do what: the {@link org.edgepki.api.access.AccessPolicy} every edgepki service consults with
 * its calling bundle before an operation that uses a key or changes a credential, the
 * {@link org.edgepki.api.access.Operations} it grants, and the
 * {@link org.edgepki.api.access.AuthorizationException} a denied caller gets.
 */
@Export
@Version("1.0.0")
package org.edgepki.api.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
