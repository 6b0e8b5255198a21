package org.edgepki.config.toml.internal;

import java.util.ArrayList;
import java.util.List;
import org.edgepki.config.toml.internal.schema.Problem;
import org.edgepki.config.toml.internal.schema.Problem.Severity;

/**
 * What reading and applying a config.toml did.
 *
 * @param file the file's path
 * @param outcome what happened
 * @param problems the findings of reading it
 * @param changes one line per property changed (or, on a dry run, to be changed)
 * @param failure why writing failed, for {@link Outcome#FAILED}
 */
record ApplyReport(String file, Outcome outcome, List<Problem> problems, List<String> changes, String failure) {

    enum Outcome {
        /** Accepted and written. */
        APPLIED,
        /** Accepted; Config Admin already held exactly this. */
        UNCHANGED,
        /** Accepted; the difference was computed but not written. */
        DRY_RUN,
        /** Rejected: errors in the file; nothing changed. */
        REJECTED,
        /** Accepted, but Config Admin failed while writing; what was written was restored. */
        FAILED
    }

    /** @return true when the file was accepted: applied, already in force, or a dry run */
    boolean accepted() {
        return outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED || outcome == Outcome.DRY_RUN;
    }

    List<String> lines(Severity severity) {
        return problems.stream().filter(problem -> problem.severity() == severity).map(Problem::toString).toList();
    }

    /** @return the report as text for an operator: outcome, findings, changes */
    String render() {
        List<String> out = new ArrayList<>();
        out.add(switch (outcome) {
            case APPLIED -> file + ": applied, " + changes.size() + " change(s)";
            case UNCHANGED -> file + ": accepted, nothing to change";
            case DRY_RUN -> file + ": accepted; would change " + changes.size() + " propert"
                    + (changes.size() == 1 ? "y" : "ies") + " (dry run, nothing written)";
            case REJECTED -> file + ": rejected, the configuration in force is unchanged ("
                    + lines(Severity.ERROR).size() + " error(s))";
            case FAILED -> file + ": not applied: " + failure;
        });
        problems.forEach(problem -> out.add("  " + problem));
        changes.forEach(change -> out.add("  " + change));
        return String.join(System.lineSeparator(), out);
    }
}
