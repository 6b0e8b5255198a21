package org.edgepki.api.access;

import java.util.Objects;

/**
 * A call the {@link AccessPolicy} does not grant. Unchecked, like {@link SecurityException}, so that every
 * service can throw it from every method whatever its declared error; it is never retryable: the
 * operator's policy has to change first.
 */
public final class AuthorizationException extends SecurityException {
    private static final long serialVersionUID = 1L;

    private final String caller;
    private final String operation;
    private final String id;

    /**
     * @param caller the calling bundle's symbolic name and id, such as {@code com.example.app [42]}
     * @param operation the operation asked for, one of {@link Operations}
     * @param id the key, certificate, credential or module id it was asked on
     * @param rule why it is refused
     */
    public AuthorizationException(String caller, String operation, String id, String rule) {
        super("bundle " + Objects.requireNonNull(caller, "caller") + " may not " + Objects.requireNonNull(operation,
                "operation") + " on '" + Objects.requireNonNull(id, "id") + "': " + Objects.requireNonNull(rule,
                        "rule"));
        this.caller = caller;
        this.operation = operation;
        this.id = id;
    }

    /** @return the calling bundle's symbolic name and id */
    public String caller() {
        return caller;
    }

    /** @return the operation that was refused */
    public String operation() {
        return operation;
    }

    /** @return the id it was refused on */
    public String id() {
        return id;
    }
}
