package org.edgepki.console.login.internal;

import java.util.List;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.common.files.StateHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Check {@value #ID}: the Web Console has a login of its own, not admin/admin. */
@Component(service = Check.class, property = Check.ID + "=" + ConsoleLoginCheck.ID)
public final class ConsoleLoginCheck implements Check {
    static final String ID = "console-login";
    private LoginState state;

    @Activate
    void activate(BundleContext context) {
        state = new LoginState(StateHome.resolve(null, context::getProperty), "1".equals(context.getProperty("edgepki.dev")));
    }

    @Override
    public List<Finding> run() {
        LoginState.Login login = state.current();
        String subject = state.file().toString();
        if (login instanceof LoginState.Password password) {
            return List.of(Finding.ok(ID, subject, "the Web Console login of '" + password.password().user() + "' is set"));
        }
        if (login instanceof LoginState.DevelopmentDefault) {
            return List.of(Finding.warning(ID, subject, "the Web Console accepts admin/admin (development mode)",
                    LoginState.HOW_TO_SET));
        }
        return List.of(Finding.error(ID, subject, "the Web Console is not served: " + ((LoginState.Refused) login).reason(),
                LoginState.HOW_TO_SET));
    }
}
