package org.edgepki.console.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What the console login is now: the password file's login; or, with no file, admin/admin in
 * development mode and a refusal in an installed runtime. The file is read again when it changes,
 * so {@code edgepki console-password} takes effect without a restart.
 */
public final class LoginState {
    public static final String DEFAULT_USER = "admin";
    /** The Web Console's well-known default password (public, not a secret): accepted in development only. */
    public static final String DEFAULT_PASSWORD = "admin";
    /** Framework property: the launcher script's path ({@code bin/edgepki} sets it), for the commands it prints. */
    public static final String COMMAND_PROPERTY = "edgepki.command";

    private final Path file;
    private final boolean development;
    private final String howToSet;
    private FileTime readAt;
    private Login current;

    /** What a request is checked against. */
    public sealed interface Login permits Password, DevelopmentDefault, Refused {
    }

    /** The password file's login. */
    public record Password(ConsolePassword password) implements Login {
    }

    /** No password file, development mode: the well-known admin/admin. */
    public record DevelopmentDefault() implements Login {
    }

    /** No usable login: the console is not served; {@code reason} says why and how to fix it. */
    public record Refused(String reason) implements Login {
    }

    public LoginState(Path home, boolean development) {
        this(home, development, null);
    }

    /**
     * @param command the launcher script's path, or null when unknown (then {@code bin/edgepki} of the installation)
     */
    public LoginState(Path home, boolean development, String command) {
        this.file = ConsolePassword.file(home);
        this.development = development;
        this.howToSet = "set a password with: EDGEPKI_HOME=" + home + " " + (command == null || command.isBlank()
                ? "bin/edgepki" : command) + " console-password";
    }

    /** @return the whole command that sets the login, as the start-up banner gives it */
    public String howToSet() {
        return howToSet;
    }

    /** @return the login file */
    public Path file() {
        return file;
    }

    /** @return whether admin/admin is accepted without a file */
    public boolean development() {
        return development;
    }

    /** @return the login now: the file is read again when it has changed */
    public synchronized Login current() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            modified = null;
        } catch (IOException e) {
            return new Refused(file + " cannot be read (" + e.getMessage() + ")");
        }
        if (current != null && Objects.equals(modified, readAt)) {
            return current;
        }
        readAt = modified;
        current = load();
        return current;
    }

    private Login load() {
        try {
            Optional<ConsolePassword> password = ConsolePassword.read(file);
            if (password.isPresent()) {
                return new Password(password.get());
            }
            return development ? new DevelopmentDefault()
                    : new Refused("the Web Console still has the default login admin/admin, which an installed"
                            + " runtime does not accept: " + howToSet);
        } catch (IOException e) {
            return new Refused(e.getMessage());
        }
    }
}
