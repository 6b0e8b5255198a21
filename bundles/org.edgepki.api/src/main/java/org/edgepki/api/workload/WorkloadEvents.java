package org.edgepki.api.workload;

/**
 * EventAdmin topics and properties posted by the workload service. Events carry ids, thumbprints
 * and public certificates only, never key material.
 */
public final class WorkloadEvents {
    /** Topic prefix of all workload events. */
    public static final String TOPIC_PREFIX = "org/edgepki/workload/";
    /**
     * The Edge CA in use changed (renewed, or replaced by a configuration change) and every module
     * certificate issued from the previous one has been issued again from it. Holders of module
     * certificates and TLS contexts take the new chain from here; nothing is restarted.
     */
    public static final String TOPIC_EDGE_CA_ROTATED = TOPIC_PREFIX + "EDGE_CA_ROTATED";
    /**
     * Event property: SHA-256 thumbprint of the new Edge CA certificate, upper-case hex as
     * {@code StoredCertificate.sha256Thumbprint()} gives it ({@code String}).
     */
    public static final String EDGE_CA_THUMBPRINT = "edge.ca.thumbprint.sha256";
    /** Event property: the new Edge CA chain, Edge CA first, as PEM ({@code String}). */
    public static final String EDGE_CA_CHAIN_PEM = "edge.ca.chain.pem";
    /** Event property: the ids of the module certificates issued again ({@code String[]}). */
    public static final String REISSUED_CERT_IDS = "reissued.cert.ids";
    /** Event property: ids of module certificates that could not be issued again, with why ({@code String[]}). */
    public static final String FAILED_CERT_IDS = "failed.cert.ids";

    private WorkloadEvents() {
    }
}
