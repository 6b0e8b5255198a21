package org.edgepki.common.crypto;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for "may sign certificates": basicConstraints CA:TRUE and keyUsage keyCertSign (RFC 5280
 * 4.2.1.3, 4.2.1.9). Used wherever edgepki judges a CA: a manual Edge CA, an issued one, a local CA
 * before it signs.
 */
public final class CaCertificateRules {
    private static final int KEY_CERT_SIGN = 5;

    private CaCertificateRules() {
    }

    /** @return every part of the rule the certificate breaks, as sentences; empty if it may sign certificates */
    public static List<String> problems(X509Certificate certificate) {
        List<String> problems = new ArrayList<>();
        if (certificate.getBasicConstraints() < 0) {
            problems.add("it is not a CA certificate (basicConstraints CA:TRUE is required)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage == null) {
            problems.add("it has no keyUsage extension (keyCertSign is required)");
        } else if (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN]) {
            problems.add("its keyUsage lacks keyCertSign");
        }
        return problems;
    }
}
