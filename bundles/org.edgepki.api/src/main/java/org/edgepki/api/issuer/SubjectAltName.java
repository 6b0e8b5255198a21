package org.edgepki.api.issuer;

import java.util.Objects;

/**
 * One subjectAltName entry of a requested certificate.
 *
 * @param type the kind of name
 * @param value a DNS name, or an IPv4/IPv6 literal
 */
public record SubjectAltName(Type type, String value) {

    /** Kinds of names edgepki puts into certificates. */
    public enum Type {
        /** dNSName */
        DNS,
        /** iPAddress */
        IP
    }

    /** Checks that no component is null or blank. */
    public SubjectAltName {
        Objects.requireNonNull(type, "type");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a subjectAltName value must not be blank");
        }
    }
}
