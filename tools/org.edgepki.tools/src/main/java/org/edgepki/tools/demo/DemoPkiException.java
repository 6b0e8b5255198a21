package org.edgepki.tools.demo;

/**
 * A demo step that cannot be done: a file that is missing, unreadable or inconsistent, a key that
 * would be overwritten, or a name IoT Edge would reject. The message is one line naming the file
 * or name and what to do.
 */
final class DemoPkiException extends Exception {
    private static final long serialVersionUID = 1L;

    DemoPkiException(String message) {
        super(message);
    }

    DemoPkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
