package org.edgepki.api.cert;

import org.edgepki.api.EdgePkiException;

/** The one error of the certificate contract; {@link #subject()} names the certificate id or file. */
public final class CertificateStoreException extends EdgePkiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the certificate id or file the error is about
     * @param rule the rule that was broken
     * @param retryable whether calling again later may succeed
     * @param cause the underlying error, or {@code null}
     */
    public CertificateStoreException(String subject, String rule, boolean retryable, Throwable cause) {
        super(subject, rule, retryable, cause);
    }

    /** A permanent error without a cause. */
    public CertificateStoreException(String subject, String rule) {
        this(subject, rule, false, null);
    }
}
