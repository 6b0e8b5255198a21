package org.edgepki.edge.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * The rules an Edge CA certificate must keep before edgepki signs anything with it: a CA with
 * keyCertSign, matching its key, valid now, and with a common name that is neither the hostname nor
 * the device id (IoT Edge's TLS verification-loop rule).
 */
final class EdgeCaValidation {
    private static final int KEY_CERT_SIGN = 5;

    private EdgeCaValidation() {
    }

    /**
     * @return every rule the certificate breaks, as sentences; empty if it may act as the Edge CA
     */
    static List<String> problems(X509Certificate ca, PublicKey key, String hostname, String deviceId, Instant now) {
        List<String> problems = new ArrayList<>();
        if (ca.getBasicConstraints() < 0) {
            problems.add("it is not a CA certificate (basicConstraints CA:TRUE is required)");
        }
        boolean[] keyUsage = ca.getKeyUsage();
        if (keyUsage == null) {
            problems.add("it has no keyUsage extension (keyCertSign is required)");
        } else if (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN]) {
            problems.add("its keyUsage lacks keyCertSign");
        }
        if (!PublicKeyMatch.sameKey(ca.getPublicKey(), key)) {
            problems.add("its private key does not match the certificate");
        }
        if (now.isBefore(ca.getNotBefore().toInstant())) {
            problems.add("it is not valid before " + ca.getNotBefore().toInstant());
        }
        if (now.isAfter(ca.getNotAfter().toInstant())) {
            problems.add("it expired on " + ca.getNotAfter().toInstant());
        }
        String commonName = commonName(ca);
        if (commonName != null && commonName.equalsIgnoreCase(hostname)) {
            problems.add("its common name '" + commonName + "' equals the hostname; they must differ,"
                    + " or TLS clients verifying edgeHub loop on the Edge CA");
        }
        if (commonName != null && !deviceId.isEmpty() && commonName.equalsIgnoreCase(deviceId)) {
            problems.add("its common name '" + commonName + "' equals the device id; they must differ");
        }
        return problems;
    }

    /** @return the first CN of the subject, or null */
    static String commonName(X509Certificate certificate) {
        return commonName(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    /**
     * @return the first CN of the name as text, without RFC 4514 escapes (so that it compares with
     *     configured names), or null
     */
    static String commonName(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    return attribute.getValue() instanceof ASN1String text ? text.getString()
                            : IETFUtils.valueToString(attribute.getValue());
                }
            }
        }
        return null;
    }
}
