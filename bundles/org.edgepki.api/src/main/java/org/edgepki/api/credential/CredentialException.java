package org.edgepki.api.credential;

import org.edgepki.api.EdgePkiException;

/** The one error of the renewal contract; {@link #subject()} names the credential id. */
public final class CredentialException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the credential id
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public CredentialException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
    }
}
