package org.edgepki.api.check;

import java.util.Objects;

/**
 * One result of a check. Never carries key material, PINs or passwords.
 *
 * @param check the id of the check that found it, for example {@code "certificate-expiry"}
 * @param severity how bad it is
 * @param subject what it is about: a certificate id, a file, a URL, or the check's own topic
 * @param message what was found, one sentence
 * @param fix how to fix it; empty when the severity is {@link Severity#OK}
 */
public record Finding(String check, Severity severity, String subject, String message, String fix) {

    /** Checks that no component is null, and that a problem says how to fix it. */
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        if (severity != Severity.OK && fix.isBlank()) {
            throw new IllegalArgumentException("a warning or an error says how to fix it: " + check + " " + subject);
        }
    }

    /**
     * @param check the check id
     * @param subject what it is about
     * @param message what was found
     * @return a finding that all is well
     */
    public static Finding ok(String check, String subject, String message) {
        return new Finding(check, Severity.OK, subject, message, "");
    }

    /**
     * @param check the check id
     * @param subject what it is about
     * @param message what was found
     * @param fix how to fix it
     * @return a warning
     */
    public static Finding warning(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.WARNING, subject, message, fix);
    }

    /**
     * @param check the check id
     * @param subject what it is about
     * @param message what was found
     * @param fix how to fix it
     * @return an error
     */
    public static Finding error(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.ERROR, subject, message, fix);
    }
}
