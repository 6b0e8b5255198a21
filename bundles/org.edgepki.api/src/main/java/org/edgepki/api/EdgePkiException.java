package org.edgepki.api;

import java.util.Objects;

/**
 * Base of the one exception type each edgepki contract declares.
 *
 * <p>Every instance says <em>what</em> it is about ({@link #subject()}: a key id, certificate id,
 * file or configuration key), <em>which rule</em> was broken ({@link #rule()}, a sentence a person
 * can act on) and whether calling again later can help ({@link #isRetryable()}): a missing service
 * during a bundle update or an unreachable server is retryable; a corrupt file, a wrong PIN or a
 * certificate that does not match its key is not.
 *
 * <p>Messages never contain secrets (private keys, PINs, passwords).
 */
public abstract class EdgePkiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String rule;
    private final boolean retryable;

    /**
     * @param subject what the error is about, for example {@code "aziot-edged-ca"} or a file path
     * @param rule the rule that was broken, as a sentence
     * @param retryable {@code true} if the same call may succeed later without any change
     * @param cause the underlying error, or {@code null}
     */
    protected EdgePkiException(String subject, String rule, boolean retryable, Throwable cause) {
        super(Objects.requireNonNull(subject, "subject") + ": " + Objects.requireNonNull(rule, "rule")
                + (retryable ? " (retryable)" : ""), cause);
        this.subject = subject;
        this.rule = rule;
        this.retryable = retryable;
    }

    /** @return what the error is about: an id, a file or a configuration key */
    public String subject() {
        return subject;
    }

    /** @return the rule that was broken, as a sentence */
    public String rule() {
        return rule;
    }

    /** @return {@code true} if calling again later, unchanged, may succeed */
    public boolean isRetryable() {
        return retryable;
    }
}
