/**
 * Keys: the {@link org.edgepki.api.key.KeyService} facade every consumer uses, and the
 * {@link org.edgepki.api.key.KeyProvider} whiteboard (one provider per URI scheme, such as
 * {@code file} and {@code pkcs11}) behind it. Private keys never leave a provider as bytes.
 */
@Export
@Version("1.1.0")
package org.edgepki.api.key;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
