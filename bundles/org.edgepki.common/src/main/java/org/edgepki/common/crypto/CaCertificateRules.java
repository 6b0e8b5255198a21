package org.edgepki.common.crypto;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for "may sign certificates" (RFC 5280 4.2.1.3, 4.2.1.9): basicConstraints CA:TRUE, and keyUsage
 * keyCertSign. Used wherever edgepki judges a CA: a manual Edge CA, an issued one, a local CA before it signs.
 * RFC 5280 has conforming CAs include keyUsage, and IoT Edge requires it of the Edge CA; a certificate without the
 * extension may still verify signatures, so an existing PKI's CA without it may sign (local_ca) when asked for so.
 */
public final class CaCertificateRules {
    private static final int KEY_CERT_SIGN = 5;

    private CaCertificateRules() {
    }

    /**
     * @param keyUsageRequired whether the keyUsage extension must be there (an Edge CA), or may be absent (a CA of an
     *     existing PKI that local_ca signs with)
     * @return every part of the rule the certificate breaks, as sentences; empty if it may sign certificates
     */
    public static List<String> problems(X509Certificate certificate, boolean keyUsageRequired) {
        List<String> problems = new ArrayList<>();
        if (certificate.getBasicConstraints() < 0) {
            problems.add("it is not a CA certificate (basicConstraints CA:TRUE is required)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage == null && keyUsageRequired) {
            problems.add("it has no keyUsage extension (keyCertSign is required)");
        } else if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            problems.add("its keyUsage lacks keyCertSign");
        }
        return problems;
    }
}
