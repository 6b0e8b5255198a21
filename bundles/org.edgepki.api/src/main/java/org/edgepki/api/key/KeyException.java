package org.edgepki.api.key;

import org.edgepki.api.EdgePkiException;

/**
 * The one error of the key contract. {@link #subject()} names the key id or file; never a PIN.
 */
public final class KeyException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the key id, file or URI (without PIN) the error is about
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public KeyException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
    }

    /** A permanent error without a cause. */
    public KeyException(String subject, String rule) {
        this(subject, rule, false, null);
    }
}
