package org.edgepki.api.credential;

/** EventAdmin topics and properties posted by the credential service. No key material, no secrets. */
public final class CredentialEvents {
    /** Topic prefix of all credential events. */
    public static final String TOPIC_PREFIX = "org/edgepki/credentials/";
    /**
     * The chain a credential uses changed ({@link CredentialService#chainInUse}): its first certificate was
     * issued, it was renewed or replaced, or a manual one was accepted.
     */
    public static final String TOPIC_IN_USE = TOPIC_PREFIX + "IN_USE";
    /** A credential was renewed and its new certificate and key are committed. */
    public static final String TOPIC_RENEWED = TOPIC_PREFIX + "RENEWED";
    /** A renewal attempt failed; the old certificate stays in use and a retry is planned. */
    public static final String TOPIC_RENEWAL_FAILED = TOPIC_PREFIX + "RENEWAL_FAILED";
    /** A certificate expires soon (by default within 7 days) and is not renewed yet. */
    public static final String TOPIC_EXPIRING = TOPIC_PREFIX + "EXPIRING";
    /** A certificate has expired. */
    public static final String TOPIC_EXPIRED = TOPIC_PREFIX + "EXPIRED";
    /** Event property: the credential id ({@code String}). */
    public static final String CREDENTIAL_ID = "credential.id";
    /** Event property: notAfter of the certificate concerned, epoch milliseconds ({@code Long}). */
    public static final String NOT_AFTER = "not.after";
    /** Event property: why an attempt failed ({@code String}), on RENEWAL_FAILED. */
    public static final String ERROR = "error";
    /** Event property: when the next attempt is due, epoch milliseconds ({@code Long}). */
    public static final String NEXT_ATTEMPT = "next.attempt";

    private CredentialEvents() {
    }
}
