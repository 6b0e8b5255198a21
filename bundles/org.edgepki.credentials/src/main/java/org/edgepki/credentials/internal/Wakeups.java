package org.edgepki.credentials.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * When the scheduler looks at each credential next: one planned look per credential id. {@link RenewalTimer} is the
 * real one (a thread that sleeps until the earliest look); tests drive the looks themselves.
 */
interface Wakeups extends AutoCloseable {
    /** Plans the credential's next look at {@code due}, replacing the one planned (now or earlier means at once). */
    void schedule(String id, Instant due);

    /** Drops the credential's planned look. */
    void remove(String id);

    /** @return the credential's planned look, if any */
    Optional<Instant> due(String id);

    @Override
    void close();
}
