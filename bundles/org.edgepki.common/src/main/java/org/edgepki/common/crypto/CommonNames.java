package org.edgepki.common.crypto;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A certificate name's CN as text, to compare with names a configuration gives (hostname, device id,
 * registration id): without RFC 4514 escapes, so a device id {@code a,b} is the CN {@code a,b}, not
 * {@code a\,b}. The one place such comparisons read a CN.
 */
public final class CommonNames {
    private CommonNames() {
    }

    /** @return the first CN of the name, unescaped; empty when it has none */
    public static Optional<String> of(X500Principal name) {
        return of(X500Name.getInstance(name.getEncoded()));
    }

    /** @return the first CN of the name, unescaped; empty when it has none */
    public static Optional<String> of(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    return Optional.of(attribute.getValue() instanceof ASN1String text ? text.getString()
                            : IETFUtils.valueToString(attribute.getValue()));
                }
            }
        }
        return Optional.empty();
    }
}
