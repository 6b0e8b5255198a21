package org.edgepki.api.check;

import org.osgi.annotation.versioning.ProviderType;

/** Runs every registered {@link Check}. Thread-safe; runs may overlap. */
@ProviderType
public interface CheckService {

    /**
     * Runs every check now, in parallel. A check that throws or does not finish within its time
     * limit yields an {@link Severity#ERROR} finding saying so; the others are unaffected.
     *
     * @return the findings of this run
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    CheckReport run() throws InterruptedException;
}
