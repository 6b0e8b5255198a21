package org.edgepki.check.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The check runner: runs every {@link Check} service (or only those that do not reach out) in
 * parallel, each with a time limit, and gathers their findings. A check that fails or hangs becomes one error finding; the others are
 * reported as usual.
 */
@Component(service = CheckService.class)
public final class CheckRunner implements CheckService {
    /** Long enough for a TLS handshake with a slow EST server or a token login. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    private final Map<Check, Registered> checks = new ConcurrentHashMap<>();
    private volatile Optional<CheckReport> lastReachingOut = Optional.empty();
    private final Clock clock;
    private final Duration timeLimit;
    private ExecutorService pool;

    /** Used by DS. */
    public CheckRunner() {
        this(Clock.systemUTC(), TIME_LIMIT);
    }

    CheckRunner(Clock clock, Duration timeLimit) {
        this.clock = clock;
        this.timeLimit = timeLimit;
    }

    @Activate
    void activate() {
        pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "edgepki-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        pool.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCheck(Check check, Map<String, Object> properties) {
        Object id = properties.get(Check.ID);
        Object reachesOut = properties.get(Check.REACHES_OUT);
        checks.put(check, new Registered(id == null ? String.valueOf(properties.get("component.name")) : id.toString(),
                Boolean.TRUE.equals(reachesOut) || "true".equals(reachesOut)));
    }

    void unbindCheck(Check check) {
        checks.remove(check);
    }

    @Override
    public CheckReport run() throws InterruptedException {
        CheckReport report = run(true);
        List<String> reachingOut = checks.values().stream().filter(Registered::reachesOut).map(Registered::id).toList();
        lastReachingOut = Optional.of(new CheckReport(report.ranAt(), report.findings().stream()
                .filter(finding -> reachingOut.contains(finding.check())).toList()));
        return report;
    }

    @Override
    public CheckReport runLocal() throws InterruptedException {
        return run(false);
    }

    @Override
    public Optional<CheckReport> lastReachingOut() {
        return lastReachingOut;
    }

    private CheckReport run(boolean reachingOut) throws InterruptedException {
        Instant start = clock.instant();
        List<Running> running = new ArrayList<>();
        checks.forEach((check, registered) -> {
            if (reachingOut || !registered.reachesOut()) {
                running.add(new Running(registered.id(), pool.submit(check::run)));
            }
        });
        long deadline = System.nanoTime() + timeLimit.toNanos();
        List<Finding> findings = new ArrayList<>();
        for (Running check : running) {
            findings.addAll(outcome(check.id(), check.result(), deadline, timeLimit));
        }
        findings.sort(Comparator.comparing(Finding::check).thenComparing(Finding::subject));
        return new CheckReport(start, findings);
    }

    /** A registered check: its id, and whether it reaches out ({@link Check#REACHES_OUT}). */
    private record Registered(String id, boolean reachesOut) {
    }

    /** A check that was started, by its id. */
    private record Running(String id, Future<List<Finding>> result) {
    }

    private static List<Finding> outcome(String id, Future<List<Finding>> result, long deadline, Duration timeLimit)
            throws InterruptedException {
        try {
            List<Finding> findings = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return findings == null ? List.of() : findings;
        } catch (TimeoutException e) {
            result.cancel(true);
            return List.of(Finding.error(id, id, "the check did not finish within " + timeLimit.toMillis() + " ms",
                    "look at the runtime's log for what it waits on (an unreachable server or token), then run check again"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return List.of(Finding.error(id, id, "the check could not run: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()),
                    "fix what the message names, or report it with the runtime's log if it is unclear"));
        }
    }
}
