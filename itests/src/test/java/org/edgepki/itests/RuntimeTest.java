package org.edgepki.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What every Pax Exam test of the runtime uses. Pax Exam injects the context after construction
 * and runs no {@code @Before} in the container, hence the lazy accessors; the framework, and the
 * service trackers with it, end with the test class.
 */
public abstract class RuntimeTest {
    @Inject
    protected BundleContext context;
    private Services services;

    /** @return service lookups with bounded waits */
    protected Services services() {
        if (services == null) {
            services = new Services(context);
        }
        return services;
    }

    /** @return the state directory the framework was given (the class is loaded outside and in the probe) */
    protected Path home() {
        return Path.of(context.getProperty("edgepki.home"));
    }

    /** Waits up to 60 s for a condition, polling; fails the test naming what did not happen. */
    protected static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Sets one property of a Config Admin configuration, keeping its others. */
    protected static void update(ConfigurationAdmin configAdmin, String pid, String key, Object value) throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> properties = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        properties.put(key, value);
        configuration.update(properties);
    }

    /**
     * Makes the Edge CA the operator's files (a manual Edge CA), as config.toml's {@code [edge_ca] cert/pk} do: its
     * credential configuration says so; the stores name the files (see {@link #update}).
     */
    protected static void useManualEdgeCaCredential(ConfigurationAdmin configAdmin) throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getFactoryConfiguration("org.edgepki.credential",
                CredentialIds.EDGE_CA, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("credential_id", CredentialIds.EDGE_CA);
        properties.put("method", "manual");
        properties.put("profile", "ca");
        properties.put("applied.at", System.nanoTime()); // a new look, even when it was manual already
        configuration.update(properties);
    }

    /** Saves the runtime's config.toml the way most editors do: a new file renamed over the old one. */
    protected void saveConfigToml(String content) throws IOException {
        Path file = EdgePkiRuntime.configToml(home());
        Path temp = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A call on the workload service that is expected to fail. */
    protected interface WorkloadCall {
        void call(WorkloadCertificates workload) throws WorkloadException;
    }

    /** Waits until the call fails with a message containing {@code expected}; returns that error. */
    protected WorkloadException awaitWorkloadError(String expected, WorkloadCall call) throws Exception {
        return awaitWorkloadError("an error containing '" + expected + "'", message -> message.contains(expected), call);
    }

    /** Waits until the call fails with an error whose message is the one wanted (configurations settle meanwhile). */
    protected WorkloadException awaitWorkloadError(String what, java.util.function.Predicate<String> wanted,
            WorkloadCall call) throws Exception {
        WorkloadException[] last = new WorkloadException[1];
        awaitTrue(what, () -> {
            try {
                call.call(services().get(WorkloadCertificates.class));
                return false;
            } catch (WorkloadException e) {
                last[0] = e;
                return wanted.test(e.getMessage());
            }
        });
        return last[0];
    }

    /** Waits until the Edge CA is unavailable for the expected reason. */
    protected WorkloadException awaitEdgeCaError(String expected) throws Exception {
        return awaitWorkloadError(expected, WorkloadCertificates::edgeCaChain);
    }

    /**
     * Waits until issuing a module certificate (signed with the Edge CA key) fails for the expected
     * reason: the Edge CA in use stays until its replacement works, so signing shows why its key
     * is out of reach.
     */
    protected WorkloadException awaitModuleCertificateError(String expected, String hostname) throws Exception {
        return awaitWorkloadError(expected, workload -> workload.serverCertificate("edgeHub", hostname,
                List.of(new SubjectAltName(SubjectAltName.Type.DNS, hostname))));
    }
}
