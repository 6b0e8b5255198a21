package org.edgepki.common.osgi;

import java.time.Duration;
import org.edgepki.api.issuer.IssuanceException;

/**
 * One issuance request's bounded wait for the services it needs. All waits share one deadline, so a
 * request needing two missing services still fails after the configured timeout, not twice it.
 */
public final class ServiceDeadline {
    private final String certId;
    private final Duration timeout;
    private final long deadlineNanos;

    /**
     * @param certId the certificate id of the request, for messages
     * @param timeout how long the request may wait for its services altogether
     */
    public ServiceDeadline(String certId, Duration timeout) {
        this.certId = certId;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /**
     * @param service the dynamic reference
     * @param serviceName the service's interface name, for the message
     * @return the service, once bound
     * @throws IssuanceException (retryable) if it is still missing at the deadline
     */
    public <T> T await(AwaitedService<T> service, String serviceName) throws IssuanceException {
        Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        return service.await(left, () -> new IssuanceException(certId,
                "no " + serviceName + " became available within " + timeout.toSeconds() + " s", true, null));
    }
}
