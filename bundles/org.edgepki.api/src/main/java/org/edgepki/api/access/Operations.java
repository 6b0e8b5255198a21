package org.edgepki.api.access;

import java.util.List;
import java.util.Locale;
import org.edgepki.api.issuer.CertificateProfile;

/**
 * The operations an {@link AccessPolicy} grants, each on an id. A policy names them exactly or with
 * {@code *} globs ({@code key.*}, {@code *}).
 */
public final class Operations {
    /** Create a key pair ({@code KeyService.createKeyPairIfNotExists}); on the key id. */
    public static final String KEY_CREATE = "key.create";
    /** Import a private key; on the key id. */
    public static final String KEY_IMPORT = "key.import";
    /** Delete a key; on the key id. */
    public static final String KEY_DELETE = "key.delete";
    /** Move a key; on both the old and the new key id. */
    public static final String KEY_MOVE = "key.move";
    /** Sign with a key; on the key id. */
    public static final String KEY_SIGN = "key.sign";
    /** Use a key for TLS ({@code KeyService.keyManager}); on the key id. */
    public static final String KEY_USE = "key.use";
    /** Store a certificate chain; on the certificate id. */
    public static final String CERT_STORE = "cert.store";
    /** Import a certificate (and key) file; on the certificate id. */
    public static final String CERT_IMPORT = "cert.import";
    /** Delete a certificate; on the certificate id. */
    public static final String CERT_DELETE = "cert.delete";
    /** Move a certificate; on both the old and the new certificate id. */
    public static final String CERT_MOVE = "cert.move";
    /** Ask an issuer ({@code CertificateIssuer.issue}) for a CA certificate; on the certificate id. */
    public static final String ISSUE_CA = "issue.ca";
    /** Ask an issuer for a TLS server certificate; on the certificate id. */
    public static final String ISSUE_SERVER = "issue.server";
    /** Ask an issuer for a client (identity) certificate; on the certificate id. */
    public static final String ISSUE_CLIENT = "issue.client";
    /** Have the credential service issue a CA credential; on the credential id. */
    public static final String CREDENTIAL_ISSUE_CA = "credential.issue.ca";
    /** Have the credential service issue a TLS server credential; on the credential id. */
    public static final String CREDENTIAL_ISSUE_SERVER = "credential.issue.server";
    /** Have the credential service issue a client credential; on the credential id. */
    public static final String CREDENTIAL_ISSUE_CLIENT = "credential.issue.client";
    /** Renew a credential now; on the credential id. */
    public static final String CREDENTIAL_RENEW = "credential.renew";
    /** Get a module's server certificate and key ({@code WorkloadCertificates}); on the module id. */
    public static final String WORKLOAD_SERVER = "workload.server";
    /** Get a module's identity certificate and key; on the module id. */
    public static final String WORKLOAD_IDENTITY = "workload.identity";

    private static final List<String> ALL = List.of(KEY_CREATE, KEY_IMPORT, KEY_DELETE, KEY_MOVE, KEY_SIGN, KEY_USE,
            CERT_STORE, CERT_IMPORT, CERT_DELETE, CERT_MOVE, ISSUE_CA, ISSUE_SERVER, ISSUE_CLIENT, CREDENTIAL_ISSUE_CA,
            CREDENTIAL_ISSUE_SERVER, CREDENTIAL_ISSUE_CLIENT, CREDENTIAL_RENEW, WORKLOAD_SERVER, WORKLOAD_IDENTITY);

    private Operations() {
    }

    /** @return every operation, in the order above */
    public static List<String> all() {
        return ALL;
    }

    /**
     * @param profile the certificate profile asked of an issuer
     * @return {@link #ISSUE_CA}, {@link #ISSUE_SERVER} or {@link #ISSUE_CLIENT}
     */
    public static String issue(CertificateProfile profile) {
        return "issue." + profile.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param profile the profile of the credential asked of the credential service
     * @return {@link #CREDENTIAL_ISSUE_CA}, {@link #CREDENTIAL_ISSUE_SERVER} or {@link #CREDENTIAL_ISSUE_CLIENT}
     */
    public static String credentialIssue(CertificateProfile profile) {
        return "credential." + issue(profile);
    }
}
