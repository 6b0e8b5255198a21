package org.edgepki.shell.internal;

/** A command that failed, with the one line Gogo prints; never carries a PIN or password. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
