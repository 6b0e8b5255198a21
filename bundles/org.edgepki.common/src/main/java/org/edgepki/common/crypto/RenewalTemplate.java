package org.edgepki.common.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;

/**
 * What a certificate issued again (renewed, or re-issued from a rotated Edge CA) keeps of the one it
 * replaces: the subject, what it is for, and the DNS and IP names.
 *
 * @param subject the subject
 * @param profile CA when it is a CA, SERVER when its extended key usage has serverAuth, else CLIENT
 * @param subjectAltNames its DNS and IP subject alternative names
 */
public record RenewalTemplate(X500Name subject, CertificateProfile profile, List<SubjectAltName> subjectAltNames) {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /** Freezes the names. */
    public RenewalTemplate {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** @return the template of {@code leaf} */
    public static RenewalTemplate of(X509Certificate leaf) {
        return new RenewalTemplate(X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()), profile(leaf),
                subjectAltNames(leaf));
    }

    private static CertificateProfile profile(X509Certificate leaf) {
        if (leaf.getBasicConstraints() >= 0) {
            return CertificateProfile.CA;
        }
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages != null && usages.contains(SERVER_AUTH) ? CertificateProfile.SERVER : CertificateProfile.CLIENT;
        } catch (CertificateParsingException e) {
            return CertificateProfile.CLIENT;
        }
    }

    private static List<SubjectAltName> subjectAltNames(X509Certificate leaf) {
        List<SubjectAltName> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    int type = (Integer) name.get(0);
                    if (type == DNS_NAME) {
                        names.add(new SubjectAltName(SubjectAltName.Type.DNS, (String) name.get(1)));
                    } else if (type == IP_ADDRESS) {
                        names.add(new SubjectAltName(SubjectAltName.Type.IP, (String) name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension: no names to carry over
        }
        return names;
    }
}
