package org.edgepki.edge.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.common.crypto.CommonNames;

/**
 * What the edge asks of the Edge CA it is given, beyond what the credential service checked (a CA with
 * keyCertSign, matching its key): a common name that is neither the hostname nor the device id nor the DPS
 * registration id (IoT Edge's TLS verification-loop rule), since edgeHub's server certificate is named after the
 * hostname and the device's identity certificate after the device.
 */
final class EdgeCaValidation {

    private EdgeCaValidation() {
    }

    /**
     * @return every rule the certificate breaks, as sentences; empty if it may act as this device's Edge CA
     */
    static List<String> problems(X509Certificate ca, String hostname, String deviceId, String registrationId) {
        List<String> problems = new ArrayList<>();
        String commonName = commonName(ca);
        if (commonName != null && commonName.equalsIgnoreCase(hostname)) {
            problems.add("its common name '" + commonName + "' equals the hostname; they must differ,"
                    + " or TLS clients verifying edgeHub loop on the Edge CA");
        }
        if (commonName != null && !deviceId.isEmpty() && commonName.equalsIgnoreCase(deviceId)) {
            problems.add("its common name '" + commonName + "' equals the device id; they must differ");
        }
        if (commonName != null && !registrationId.isEmpty() && commonName.equalsIgnoreCase(registrationId)) {
            problems.add("its common name '" + commonName + "' equals the DPS registration id; they must differ");
        }
        return problems;
    }

    /** @return the first CN of the subject, unescaped, or null */
    static String commonName(X509Certificate certificate) {
        return CommonNames.of(certificate.getSubjectX500Principal()).orElse(null);
    }
}
