package org.edgepki.config.toml.internal.schema;

import java.util.ArrayList;
import java.util.List;
import org.edgepki.config.toml.internal.schema.Problem.Severity;

/** The findings collected while reading one file, in the order they were found. */
public final class Problems {
    private final List<Problem> all = new ArrayList<>();

    void add(Problem problem) {
        all.add(problem);
    }

    /** @return every finding */
    public List<Problem> all() {
        return List.copyOf(all);
    }

    /** @return the findings of one severity */
    public List<Problem> of(Severity severity) {
        return all.stream().filter(problem -> problem.severity() == severity).toList();
    }

    /** @return whether the file must be rejected */
    public boolean hasErrors() {
        return all.stream().anyMatch(problem -> problem.severity() == Severity.ERROR);
    }
}
