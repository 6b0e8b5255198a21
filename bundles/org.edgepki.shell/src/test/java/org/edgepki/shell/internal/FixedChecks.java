package org.edgepki.shell.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;

/**
 * A check runner with a fixed report that counts its runs, for the control socket's tests (the real runner answers
 * {@code edgepki check} in OperatorCommandsTest and LauncherRunTest).
 */
final class FixedChecks implements CheckService {
    private final List<Finding> findings;
    private final AtomicInteger runs = new AtomicInteger();

    FixedChecks(Finding... findings) {
        this.findings = List.of(findings);
    }

    /** @return how many times the checks ran */
    int runs() {
        return runs.get();
    }

    @Override
    public CheckReport run() {
        runs.incrementAndGet();
        return new CheckReport(Instant.EPOCH, findings);
    }

    @Override
    public CheckReport runLocal() {
        return run();
    }

    @Override
    public Optional<CheckReport> lastReachingOut() {
        return Optional.empty();
    }
}
