package org.edgepki.api.config;

/**
 * EventAdmin topics and properties posted by the config.toml adapter. Events never carry secrets:
 * passwords are shown as {@code ****} and PKCS#11 PINs are removed.
 */
public final class ConfigEvents {
    /** Topic prefix of all configuration events. */
    public static final String TOPIC_PREFIX = "org/edgepki/config/";
    /** A file was accepted and its differences written to Config Admin. */
    public static final String TOPIC_APPLIED = TOPIC_PREFIX + "APPLIED";
    /** A file was rejected; the configuration in force is unchanged. */
    public static final String TOPIC_REJECTED = TOPIC_PREFIX + "REJECTED";
    /** Event property: the file's path ({@code String}). */
    public static final String FILE = "file";
    /** Event property: one line per changed property ({@code String[]}), on APPLIED. */
    public static final String CHANGES = "changes";
    /** Event property: the errors, each {@code file:line:column key.path: rule} ({@code String[]}), on REJECTED. */
    public static final String ERRORS = "errors";
    /** Event property: warnings ({@code String[]}), on both topics. */
    public static final String WARNINGS = "warnings";

    private ConfigEvents() {
    }
}
