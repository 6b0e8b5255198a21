package org.edgepki.issuer.local.internal;

import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.SubjectAltName;

/** Turns requested subjectAltNames into the extension's GeneralNames, checking each value. */
final class SubjectAltNameExtension {
    private SubjectAltNameExtension() {
    }

    /**
     * @param certId the certificate id, for messages
     * @param names the requested names, not empty
     * @return DNS names as dNSName and IP literals as iPAddress entries, in the given order
     * @throws IssuanceException (not retryable) if an IP value is not an IPv4 or IPv6 literal
     *     (host names, zone ids and netmasks are refused) or a DNS value is not printable ASCII
     *     without spaces
     */
    static GeneralNames encode(String certId, List<SubjectAltName> names) throws IssuanceException {
        GeneralName[] encoded = new GeneralName[names.size()];
        for (int i = 0; i < encoded.length; i++) {
            SubjectAltName name = names.get(i);
            encoded[i] = switch (name.type()) {
                case DNS -> dnsName(certId, name.value());
                case IP -> ipAddress(certId, name.value());
            };
        }
        return new GeneralNames(encoded);
    }

    private static GeneralName dnsName(String certId, String value) throws IssuanceException {
        boolean printableAsciiWithoutSpaces = value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!printableAsciiWithoutSpaces) {
            throw new IssuanceException(certId,
                    "subjectAltName DNS '" + value + "' must be printable ASCII without spaces");
        }
        return new GeneralName(GeneralName.dNSName, value);
    }

    private static GeneralName ipAddress(String certId, String value) throws IssuanceException {
        if (!IPAddress.isValid(value)) {
            throw new IssuanceException(certId,
                    "subjectAltName IP '" + value + "' is not an IPv4 or IPv6 address literal");
        }
        return new GeneralName(GeneralName.iPAddress, value);
    }
}
