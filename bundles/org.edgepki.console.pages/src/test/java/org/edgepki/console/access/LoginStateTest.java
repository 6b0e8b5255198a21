package org.edgepki.console.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginStateTest {
    @TempDir
    Path home;

    @Test
    void without_a_password_development_accepts_admin_and_an_installed_runtime_refuses() {
        assertInstanceOf(LoginState.DevelopmentDefault.class, new LoginState(home, true).current());
        LoginState.Refused refused = assertInstanceOf(LoginState.Refused.class, new LoginState(home, false).current());
        assertTrue(refused.reason().contains("console-password"), refused.reason());
    }

    @Test
    void a_written_password_is_picked_up_without_a_restart_and_only_it_matches() throws IOException {
        LoginState state = new LoginState(home, false);
        assertInstanceOf(LoginState.Refused.class, state.current());
        ConsolePassword.create("operator", "correct horse".toCharArray()).write(ConsolePassword.file(home));
        LoginState.Password login = assertInstanceOf(LoginState.Password.class, state.current());
        assertTrue(login.password().matches("operator", "correct horse".toCharArray()));
        assertFalse(login.password().matches("operator", "correct horsE".toCharArray()));
        assertFalse(login.password().matches("admin", "correct horse".toCharArray()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ConsolePassword.file(home))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ConsolePassword.file(home).getParent())));
        assertFalse(Files.readString(ConsolePassword.file(home)).contains("correct horse"));
    }

    @Test
    void a_login_file_others_can_read_or_a_broken_one_refuses_the_console_naming_the_file() throws IOException {
        Path file = ConsolePassword.file(home);
        ConsolePassword.create("operator", "correct horse".toCharArray()).write(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LoginState.Refused open = assertInstanceOf(LoginState.Refused.class, new LoginState(home, true).current());
        assertTrue(open.reason().contains("chmod 600 " + file), open.reason());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "operator:plain:secret\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        LoginState.Refused broken = assertInstanceOf(LoginState.Refused.class, new LoginState(home, true).current());
        assertTrue(broken.reason().startsWith(file + " is not a console login file"), broken.reason());
        assertFalse(broken.reason().contains("secret"), broken.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-2147483648", "2147483647", "x"})
    void a_login_file_with_an_impossible_iteration_count_is_malformed(String iterations) throws IOException {
        Path file = ConsolePassword.file(home);
        ConsolePassword.create("operator", "correct horse".toCharArray()).write(file);
        String[] parts = Files.readString(file).strip().split(":");
        Files.writeString(file, parts[0] + ":" + parts[1] + ":" + iterations + ":" + parts[3] + ":" + parts[4] + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        LoginState.Refused refused = assertInstanceOf(LoginState.Refused.class, new LoginState(home, false).current());
        assertTrue(refused.reason().startsWith(file + " is not a console login file"), refused.reason());
    }

    @Test
    void weak_passwords_and_odd_user_names_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.create("operator", "short".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.create("a b", "long enough pw".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.create("admin", "admin".toCharArray()));
    }
}
