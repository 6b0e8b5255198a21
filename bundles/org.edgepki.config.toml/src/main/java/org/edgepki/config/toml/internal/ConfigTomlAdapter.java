package org.edgepki.config.toml.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgepki.api.config.ConfigEvents;
import org.edgepki.api.config.ConfigFileService;
import org.edgepki.common.files.StateHome;
import org.edgepki.config.toml.internal.ApplyReport.Outcome;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Applies the gateway's config.toml to Config Admin when started, whenever the file changes, and on
 * request. A rejected file changes nothing: the configuration in force stays, and an event and the
 * log say why. Applying only writes configurations, so components take changes through DS
 * {@code @Modified}; no bundle is restarted.
 */
@Component(service = {ConfigTomlAdapter.class, ConfigFileService.class}, configurationPid = ConfigTomlAdapter.PID,
        immediate = true)
@Designate(ocd = ConfigTomlConfig.class)
public final class ConfigTomlAdapter implements ConfigFileService {
    static final String PID = "org.edgepki.config.toml";
    static final String DEFAULT_FILE = "/etc/aziot/config.toml";
    private static final long FIRST_APPLY_WAIT_SECONDS = 30;
    private static final Logger LOG = System.getLogger(ConfigTomlAdapter.class.getName());

    @Reference
    private ConfigurationAdmin configurationAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private ScheduledExecutorService worker;
    private volatile Path file;
    private volatile int settleMillis;
    private FileWatch watch;
    private ScheduledFuture<?> pending;
    private byte[] lastAppliedDigest;
    private BundleContext context;
    private SecretDirectory secrets;

    @Activate
    private void activate(BundleContext bundleContext, ConfigTomlConfig config) {
        context = bundleContext;
        secrets = new SecretDirectory(StateHome.resolve(null, bundleContext::getProperty));
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgepki-config-toml");
            thread.setDaemon(true);
            return thread;
        });
        configure(config);
        // The first apply finishes before this bundle counts as started, so on a first start the
        // bundles that start after it (the edge credentials) already find their configuration.
        try {
            worker.submit(() -> applyNow(false, false)).get(FIRST_APPLY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "The first apply of {0} did not finish in time: {1}", file, e);
        }
    }

    @Modified
    private void modified(ConfigTomlConfig config) {
        configure(config);
        worker.execute(() -> applyNow(false, false));
    }

    private synchronized void configure(ConfigTomlConfig config) {
        file = resolveFile(config.file());
        settleMillis = Math.max(0, config.settle__millis());
        closeWatch();
        if (config.watch()) {
            try {
                watch = FileWatch.start(file, this::fileChanged);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Not watching {0} (its directory cannot be watched: {1}); apply changes with"
                        + " edgepki:apply", file, e.getMessage());
            }
        }
    }

    @Deactivate
    private synchronized void deactivate() {
        closeWatch();
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the file this adapter applies */
    Path file() {
        return file;
    }

    /**
     * Reads the file and writes its difference (or, with {@code dryRun}, only computes it), on the
     * adapter's thread so it never races a change of the file.
     */
    ApplyReport report(boolean dryRun) throws InterruptedException {
        try {
            return worker.submit(() -> applyNow(dryRun, true)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying " + file + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public Applied apply(boolean dryRun) throws InterruptedException {
        ApplyReport report = report(dryRun);
        return new Applied(report.accepted(), report.render());
    }

    private synchronized void fileChanged() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = worker.schedule(() -> applyNow(false, false), settleMillis, TimeUnit.MILLISECONDS);
    }

    private ApplyReport applyNow(boolean dryRun, boolean requested) {
        Path current = file;
        if (!Files.exists(current)) {
            if (!requested) {
                LOG.log(Level.INFO, "No config.toml at {0}: the Config Admin configuration stays in force{1}", current,
                        watch != null ? "; the file is applied when it appears" : "");
            }
            lastAppliedDigest = null;
            return ConfigFileApplication.run(current, configurationAdmin, secrets, true);
        }
        byte[] digest = digest(current);
        if (!dryRun && !requested && digest != null && Arrays.equals(digest, lastAppliedDigest)) {
            return null; // touched or rewritten with the same bytes
        }
        ApplyReport report = ConfigFileApplication.run(current, configurationAdmin, secrets, dryRun);
        if (!dryRun) {
            // After a rejection, saving the fixed file (even the same bytes as before) is applied and logged.
            lastAppliedDigest = report.outcome() == Outcome.APPLIED || report.outcome() == Outcome.UNCHANGED ? digest : null;
            log(report);
            post(report);
        }
        return report;
    }

    private void log(ApplyReport report) {
        switch (report.outcome()) {
            case APPLIED -> {
                LOG.log(Level.INFO, "Applied {0}: {1} change(s)", report.file(), report.changes().size());
                report.changes().forEach(change -> LOG.log(Level.INFO, "  {0}", change));
            }
            case UNCHANGED -> LOG.log(Level.INFO, "Applied {0}: the configuration in force already matches it",
                    report.file());
            case REJECTED -> {
                LOG.log(Level.ERROR, "Rejected {0}; the configuration in force is unchanged:", report.file());
                report.lines(Severity.ERROR).forEach(line -> LOG.log(Level.ERROR, "  {0}", line));
            }
            case FAILED -> LOG.log(Level.ERROR, "Could not apply {0}: {1}", report.file(), report.failure());
            case DRY_RUN -> {
                // never logged
            }
        }
        report.lines(Severity.WARNING).forEach(line -> LOG.log(Level.WARNING, "{0}", line));
        report.lines(Severity.NOTICE).forEach(line -> LOG.log(Level.INFO, "{0}", line));
    }

    private void post(ApplyReport report) {
        EventAdmin events = eventAdmin;
        if (events == null || report.outcome() == Outcome.UNCHANGED) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConfigEvents.FILE, report.file());
        properties.put(ConfigEvents.WARNINGS, report.lines(Severity.WARNING).toArray(String[]::new));
        if (report.outcome() == Outcome.APPLIED) {
            properties.put(ConfigEvents.CHANGES, report.changes().toArray(String[]::new));
            events.postEvent(new Event(ConfigEvents.TOPIC_APPLIED, properties));
        } else {
            String[] errors = report.outcome() == Outcome.FAILED ? new String[] {report.file() + ": " + report.failure()}
                    : report.lines(Severity.ERROR).toArray(String[]::new);
            properties.put(ConfigEvents.ERRORS, errors);
            events.postEvent(new Event(ConfigEvents.TOPIC_REJECTED, properties));
        }
    }

    private Path resolveFile(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String property = context.getProperty("edgepki.config");
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        String environment = System.getenv("EDGEPKI_CONFIG");
        return Path.of(environment != null && !environment.isBlank() ? environment.trim() : DEFAULT_FILE);
    }

    private void closeWatch() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private static byte[] digest(Path path) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
