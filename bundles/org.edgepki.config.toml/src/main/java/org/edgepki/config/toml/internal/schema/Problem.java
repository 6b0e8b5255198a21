package org.edgepki.config.toml.internal.schema;

/**
 * One finding about a configuration file, printed the way compilers do:
 * {@code config.toml:14:13 edge_ca.auto_renew.threshold: "150%" must be 1%–99%, ...}.
 *
 * @param severity how bad it is
 * @param file the file as the user named it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param keyPath the dotted TOML key path, or empty for the whole file
 * @param message the rule broken and what would be valid; never a secret value
 */
public record Problem(Severity severity, String file, int line, int column, String keyPath, String message) {

    /** Errors reject the file; warnings and notices are reported and the file is applied. */
    public enum Severity {
        ERROR, WARNING, NOTICE
    }

    /** @return the location prefix, {@code file:line:column} as far as it is known */
    public String location() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + (column > 0 ? ":" + column : "");
    }

    @Override
    public String toString() {
        String prefix = severity == Severity.ERROR ? "" : severity.name().toLowerCase() + ": ";
        return location() + " " + prefix + (keyPath.isEmpty() ? "" : keyPath + ": ") + message;
    }
}
