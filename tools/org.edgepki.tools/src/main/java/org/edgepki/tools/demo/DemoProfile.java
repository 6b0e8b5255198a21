package org.edgepki.tools.demo;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What each demo certificate may do. The Edge CA follows the extensions IoT Edge asks of an
 * issuing CA (basicConstraints critical CA:TRUE pathlen:0, keyUsage critical digitalSignature
 * keyCertSign); pathlen 0 is enough because IoT Edge 1.2+ issues module server certificates
 * straight from the Edge CA, without the 1.1 workload CA.
 */
enum DemoProfile {
    ROOT_CA("root CA", true, null, KeyUsage.keyCertSign | KeyUsage.cRLSign, null),
    INTERMEDIATE_CA("intermediate CA", true, 1, KeyUsage.keyCertSign | KeyUsage.cRLSign, null),
    EDGE_CA("Edge CA", true, 0, KeyUsage.digitalSignature | KeyUsage.keyCertSign, null),
    DEVICE_IDENTITY("device identity", false, null, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth),
    VERIFICATION("verification", false, null, KeyUsage.digitalSignature, null);

    private final String displayName;
    private final boolean ca;
    private final Integer pathLength;
    private final int keyUsage;
    private final KeyPurposeId extendedKeyUsage;

    DemoProfile(String displayName, boolean ca, Integer pathLength, int keyUsage, KeyPurposeId extendedKeyUsage) {
        this.displayName = displayName;
        this.ca = ca;
        this.pathLength = pathLength;
        this.keyUsage = keyUsage;
        this.extendedKeyUsage = extendedKeyUsage;
    }

    String displayName() {
        return displayName;
    }

    boolean ca() {
        return ca;
    }

    /** @return the basicConstraints pathLenConstraint, or {@code null} for none */
    Integer pathLength() {
        return pathLength;
    }

    /** @return the KeyUsage bits */
    int keyUsage() {
        return keyUsage;
    }

    /** @return the one extendedKeyUsage purpose, or {@code null} for no extension */
    KeyPurposeId extendedKeyUsage() {
        return extendedKeyUsage;
    }
}
