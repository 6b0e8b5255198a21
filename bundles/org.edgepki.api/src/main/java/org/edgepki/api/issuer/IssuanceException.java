package org.edgepki.api.issuer;

import java.time.Duration;
import java.util.Optional;
import org.edgepki.api.EdgePkiException;

/**
 * The one error of the issuer contract; {@link #subject()} names the certificate id. An issuer
 * that knows when to ask again (an EST server holding a request for manual approval says so with
 * {@code Retry-After}) tells it through {@link #retryAfter()}.
 */
public final class IssuanceException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /** Not serialised state of importance: a deserialised instance has no retry time. */
    private final transient Duration retryAfter;

    /**
     * @param subject the certificate id the request was for
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public IssuanceException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
        this.retryAfter = null;
    }

    /**
     * A retryable error with the time the issuer asks to be called again after.
     *
     * @param subject the certificate id the request was for
     * @param rule what happened, as a sentence
     * @param retryAfter how long to wait before the next attempt, not negative
     * @since 1.1
     */
    public IssuanceException(String subject, String rule, Duration retryAfter) {
        super(subject, rule, true, null);
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        this.retryAfter = retryAfter;
    }

    /**
     * @return how long the issuer asks to wait before the next attempt, if it said
     * @since 1.1
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A permanent error without a cause. */
    public IssuanceException(String subject, String rule) {
        this(subject, rule, false, null);
    }
}
