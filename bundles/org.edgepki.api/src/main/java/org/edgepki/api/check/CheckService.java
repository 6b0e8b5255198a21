package org.edgepki.api.check;

import java.util.Optional;
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

    /**
     * Runs every check that does not {@linkplain Check#REACHES_OUT reach out}, as {@link #run()} does.
     *
     * @return the findings of this run
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @since 1.1
     */
    CheckReport runLocal() throws InterruptedException;

    /**
     * @return the findings of the checks that {@linkplain Check#REACHES_OUT reach out}, from the latest
     *     {@link #run()}, with the time that run started; empty when none has run since the start
     * @since 1.1
     */
    Optional<CheckReport> lastReachingOut();
}
