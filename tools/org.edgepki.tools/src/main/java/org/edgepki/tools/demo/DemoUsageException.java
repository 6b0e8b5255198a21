package org.edgepki.tools.demo;

/**
 * The arguments of {@code edgepki demo} are wrong: an unknown step or option, a missing or
 * malformed value. The message is one line saying which argument and why; the command line exits
 * with status 2 for it.
 */
public final class DemoUsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DemoUsageException(String message) {
        super(message);
    }

    DemoUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
