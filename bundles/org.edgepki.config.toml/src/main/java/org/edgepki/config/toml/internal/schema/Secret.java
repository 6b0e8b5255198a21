package org.edgepki.config.toml.internal.schema;

/**
 * A password from the configuration. It is handed to the component that needs it and is never
 * printed: {@link #toString()} is {@code ****}.
 *
 * @param value the password
 */
public record Secret(String value) {
    @Override
    public String toString() {
        return "****";
    }
}
