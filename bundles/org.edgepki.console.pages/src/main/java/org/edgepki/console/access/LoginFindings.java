package org.edgepki.console.access;

import java.util.List;
import org.edgepki.api.check.Finding;

/** Check {@value #ID}: the Web Console has a login of its own, not admin/admin. */
public final class LoginFindings {
    /** The check's id. */
    public static final String ID = "console-login";

    private LoginFindings() {
    }

    /**
     * @param state the console login
     * @return one finding: ok with a password, a warning in development mode, else an error
     */
    public static List<Finding> of(LoginState state) {
        LoginState.Login login = state.current();
        String subject = state.file().toString();
        if (login instanceof LoginState.Password password) {
            return List.of(Finding.ok(ID, subject, "the Web Console login of '" + password.password().user() + "' is set"));
        }
        if (login instanceof LoginState.DevelopmentDefault) {
            return List.of(Finding.warning(ID, subject, "the Web Console accepts admin/admin (development mode)",
                    state.howToSet()));
        }
        return List.of(Finding.error(ID, subject, "the Web Console is not served: " + ((LoginState.Refused) login).reason(),
                state.howToSet()));
    }
}
