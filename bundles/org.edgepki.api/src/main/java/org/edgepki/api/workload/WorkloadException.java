package org.edgepki.api.workload;

import org.edgepki.api.EdgePkiException;

/**
 * The one error of the workload contract; {@link #subject()} names the module or certificate id.
 * While a bundle it depends on is being updated, calls wait a bounded time and then fail with a
 * retryable instance.
 */
public final class WorkloadException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the module or certificate id
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public WorkloadException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
    }
}
