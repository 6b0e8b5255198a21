package org.edgepki.tools.config.migrate;

/**
 * An IoT Edge 1.1 config.yaml that cannot be imported, reported the way compilers do:
 * {@code config.yaml:12:3 certificates.device_ca_cert: must be an absolute path or a file:// URI}.
 * The message never carries a secret value (connection string, key) nor a snippet of the file.
 */
public final class LegacyConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String rule;

    LegacyConfigException(String sourceName, int line, int column, String keyPath, String rule) {
        super(format(sourceName, line, column, keyPath, rule));
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.rule = rule;
    }

    /** @return the file as the caller named it */
    public String sourceName() {
        return sourceName;
    }

    /** @return the 1-based line, or 0 when unknown */
    public int line() {
        return line;
    }

    /** @return the 1-based column, or 0 when unknown */
    public int column() {
        return column;
    }

    /** @return the dotted YAML key path, or empty when the whole file is at fault */
    public String keyPath() {
        return keyPath;
    }

    /** @return the rule that was broken, without location */
    public String rule() {
        return rule;
    }

    private static String format(String sourceName, int line, int column, String keyPath, String rule) {
        StringBuilder text = new StringBuilder(sourceName);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(' ');
        if (!keyPath.isEmpty()) {
            text.append(keyPath).append(": ");
        }
        return text.append(rule).toString();
    }
}
