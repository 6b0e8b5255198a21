package org.edgepki.api.issuer;

import org.edgepki.api.EdgePkiException;

/** The one error of the issuer contract; {@link #subject()} names the certificate id. */
public final class IssuanceException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the certificate id the request was for
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public IssuanceException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
    }

    /** A permanent error without a cause. */
    public IssuanceException(String subject, String rule) {
        this(subject, rule, false, null);
    }
}
