package org.edgepki.edge.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.workload.WorkloadException;

/**
 * The Edge CA chain once it is established, or why it is not. Callers that arrive before it is
 * ready wait a bounded time; a permanent failure (say, an invalid manual Edge CA) is reported at once.
 */
final class EdgeCaState {
    private List<X509Certificate> chain;
    private WorkloadException failure;

    synchronized void ready(List<X509Certificate> newChain) {
        chain = List.copyOf(newChain);
        failure = null;
        notifyAll();
    }

    synchronized void failed(WorkloadException error) {
        failure = error;
        if (!error.isRetryable()) {
            chain = null;
        }
        notifyAll();
    }

    synchronized List<X509Certificate> current() {
        return chain;
    }

    /** @return why the Edge CA is not (or no longer) set up, while that is so */
    synchronized Optional<WorkloadException> failure() {
        return Optional.ofNullable(failure);
    }

    synchronized List<X509Certificate> await(Duration timeout) throws WorkloadException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (chain == null) {
            if (failure != null && !failure.isRetryable()) {
                throw failure;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure != null ? failure : notReady();
            }
            try {
                wait(Math.max(1, Duration.ofNanos(remaining).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw notReady();
            }
        }
        return chain;
    }

    private static WorkloadException notReady() {
        return new WorkloadException(org.edgepki.api.CredentialIds.EDGE_CA, "the Edge CA is not ready yet", true, null);
    }
}
