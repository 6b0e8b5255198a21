package org.edgepki.api.check;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A production readiness check, registered as a service by the bundle that knows the subject
 * (whiteboard). The {@link CheckService} runs every registered check, each on its own thread with a
 * time limit, so a check may block on I/O (a TLS connection, a token login) but should finish
 * within a few seconds.
 *
 * <p>Register it with the service property {@link #ID}, and with {@link #REACHES_OUT} when it opens
 * a network connection or logs in to a token.
 */
@ConsumerType
public interface Check {

    /** Service property: the check's id ({@code String}), also {@link Finding#check()} of its findings. */
    String ID = "edgepki.check.id";

    /**
     * Service property ({@code Boolean}, default false): the check opens network connections (an EST
     * server) or logs in to a token. Such a check runs only when every check is asked for
     * ({@link CheckService#run()}), never on a page view ({@link CheckService#runLocal()}): a page
     * that anyone can load, or that a browser preloads, must not make the gateway dial out or spend
     * a token's PIN tries.
     *
     * @since 1.1
     */
    String REACHES_OUT = "edgepki.check.reachesOut";

    /**
     * Runs the check now.
     *
     * @return its findings, {@link Severity#OK} ones included, so a report shows what was checked;
     *     empty when there is nothing to check (for example no EST server is configured)
     * @throws Exception if the check itself could not run; the runner reports it as an error
     */
    List<Finding> run() throws Exception;
}
