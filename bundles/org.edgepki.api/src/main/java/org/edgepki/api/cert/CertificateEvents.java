package org.edgepki.api.cert;

/**
 * EventAdmin topics and properties posted by the certificate store. Events carry ids and
 * thumbprints only, never key material.
 */
public final class CertificateEvents {
    /** Topic prefix of all certificate store events. */
    public static final String TOPIC_PREFIX = "org/edgepki/certificate/";
    /** A chain was stored or replaced (including by a move). */
    public static final String TOPIC_STORED = TOPIC_PREFIX + "STORED";
    /** A chain was deleted (including as the source of a move). */
    public static final String TOPIC_DELETED = TOPIC_PREFIX + "DELETED";
    /** Event property: the certificate id ({@code String}). */
    public static final String CERT_ID = "cert.id";
    /** Event property: SHA-256 thumbprint of the leaf ({@code String}), on STORED only. */
    public static final String SHA256_THUMBPRINT = "thumbprint.sha256";
    /** Event property: the leaf's notAfter in epoch milliseconds ({@code Long}), on STORED only. */
    public static final String NOT_AFTER = "not.after";

    private CertificateEvents() {
    }
}
