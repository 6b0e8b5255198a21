package org.edgepki.tools.demo;

/**
 * How the demo certificates are made.
 *
 * @param keyType the kind of each new key
 * @param validityDays how long each new certificate is valid, capped at its issuer's notAfter
 * @param force whether existing keys and certificates may be replaced
 * @param keepEdgeCaName whether the Edge CA common name is the name as given, without the
 *     {@code .ca} suffix
 * @param hostname the device's {@code hostname} from config.toml, or {@code null} if not given;
 *     the Edge CA common name must differ from it
 * @param verificationSigner which CA signs verification certificates
 */
record DemoOptions(DemoKeyType keyType, int validityDays, boolean force, boolean keepEdgeCaName, String hostname,
        VerificationSigner verificationSigner) {
    /**
     * 30 days, as the IoT Edge demo certificate scripts do: the docs call these certificates
     * short-lived, and their examples are valid for 30 days.
     */
    static final int DEFAULT_VALIDITY_DAYS = 30;
    /** Ten years: anything longer is not a demo. */
    static final int MAX_VALIDITY_DAYS = 3650;

    /** The CA a DPS proof-of-possession certificate is signed by: the one uploaded to DPS. */
    enum VerificationSigner {
        ROOT, INTERMEDIATE
    }

    DemoOptions {
        if (keyType == null || verificationSigner == null) {
            throw new IllegalArgumentException("key type and verification signer are required");
        }
        if (validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
            throw new IllegalArgumentException("validity must be 1 to " + MAX_VALIDITY_DAYS + " days, not "
                    + validityDays);
        }
        if (hostname != null && hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is empty");
        }
    }

    /** EC P-256, 30 days, no overwriting, {@code .ca} suffix, no hostname, root signs verification. */
    static DemoOptions defaults() {
        return new DemoOptions(DemoKeyType.EC_P256, DEFAULT_VALIDITY_DAYS, false, false, null,
                VerificationSigner.ROOT);
    }

    DemoOptions withKeyType(DemoKeyType type) {
        return new DemoOptions(type, validityDays, force, keepEdgeCaName, hostname, verificationSigner);
    }

    DemoOptions withValidityDays(int days) {
        return new DemoOptions(keyType, days, force, keepEdgeCaName, hostname, verificationSigner);
    }

    DemoOptions withForce(boolean replace) {
        return new DemoOptions(keyType, validityDays, replace, keepEdgeCaName, hostname, verificationSigner);
    }

    DemoOptions withKeepEdgeCaName(boolean keep) {
        return new DemoOptions(keyType, validityDays, force, keep, hostname, verificationSigner);
    }

    DemoOptions withHostname(String name) {
        return new DemoOptions(keyType, validityDays, force, keepEdgeCaName, name, verificationSigner);
    }

    DemoOptions withVerificationSigner(VerificationSigner signer) {
        return new DemoOptions(keyType, validityDays, force, keepEdgeCaName, hostname, signer);
    }
}
