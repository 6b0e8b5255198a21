package org.edgepki.config.toml.internal.schema;

import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * Where a private key is: a {@code file://} URI or a {@code pkcs11:} URI (RFC 7512). A PKCS#11 URI
 * may carry its PIN ({@code pin-value}), so {@link #toString()} never shows it.
 *
 * @param uri the URI as configured
 */
public record KeyLocation(String uri) {

    /** @return whether the key is on a PKCS#11 token */
    public boolean isPkcs11() {
        return uri.startsWith("pkcs11:");
    }

    /** @return the URI as it may be shown ({@link Pkcs11Uri#redact}) */
    public String redacted() {
        return Pkcs11Uri.redact(uri);
    }

    @Override
    public String toString() {
        return redacted();
    }
}
