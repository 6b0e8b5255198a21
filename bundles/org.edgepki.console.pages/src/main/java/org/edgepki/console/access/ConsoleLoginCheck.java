package org.edgepki.console.access;

import java.util.List;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Check {@value LoginFindings#ID}: the Web Console has a login of its own, not admin/admin. A DS
 * component in each bundle that copies this package in (the console login of either Web Console).
 */
@Component(service = Check.class, property = Check.ID + "=" + LoginFindings.ID)
public final class ConsoleLoginCheck implements Check {
    private LoginState state;

    @Activate
    void activate(BundleContext context) {
        state = ConsoleAccess.logins(context::getProperty);
    }

    @Override
    public List<Finding> run() {
        return LoginFindings.of(state);
    }
}
