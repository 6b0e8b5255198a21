package org.edgepki.edge.internal;

import org.bouncycastle.asn1.x500.X500Name;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.SubjectEntries;

/**
 * The Edge CA subject from {@code edge_ca_subject} ({@code [edge_ca.subject]} in config.toml), read by
 * {@link SubjectEntries}; it must have a CN.
 */
final class EdgeCaSubject {
    static final String ATTRIBUTE = "edge_ca_subject";

    private EdgeCaSubject() {
    }

    /**
     * @param entries {@code ATTR=value}, split at the first '='; blank entries are ignored because
     *     the Web Console submits an empty field for an empty list
     * @return the subject, or null when no entry is given
     * @throws WorkloadException naming {@code org.edgepki.edge/edge_ca_subject} and the entry if
     *     an entry is malformed, names an unknown attribute, or the subject has no CN
     */
    static X500Name parse(String[] entries) throws WorkloadException {
        X500Name subject;
        try {
            subject = SubjectEntries.parse(entries).orElse(null);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (subject != null && EdgeCaValidation.commonName(subject) == null) {
            throw invalid("the subject needs a CN entry, as in CN=my Edge CA");
        }
        return subject;
    }

    private static WorkloadException invalid(String rule) {
        return new WorkloadException(EdgeCredentials.PID + "/" + ATTRIBUTE, rule, false, null);
    }
}
