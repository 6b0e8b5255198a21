package org.edgepki.api.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The findings of one run of every check.
 *
 * @param ranAt when the run started
 * @param findings every finding, ordered by check id, then subject
 */
public record CheckReport(Instant ranAt, List<Finding> findings) {

    /** Checks the components and freezes the list. */
    public CheckReport {
        Objects.requireNonNull(ranAt, "ranAt");
        findings = List.copyOf(findings);
    }

    /** @return the worst severity found; {@link Severity#OK} for no findings */
    public Severity worst() {
        return findings.stream().map(Finding::severity).reduce(Severity.OK, Severity::worse);
    }

    /**
     * @param severity a severity
     * @return how many findings have it
     */
    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }
}
