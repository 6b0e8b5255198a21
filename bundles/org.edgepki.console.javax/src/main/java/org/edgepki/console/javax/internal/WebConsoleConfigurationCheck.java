package org.edgepki.console.javax.internal;

import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Check {@value #ID}: Config Admin can see Felix Web Console 4's configuration service.
 *
 * <p>Web Console 4 answers every request with 500 until Config Admin has called its {@code ManagedService} once.
 * On Equinox that call never comes when the console has no wire for {@code org.osgi.service.cm} (it imports the
 * package only dynamically): the framework hides the service from Config Admin. The fragment
 * {@value #FRAGMENT} gives the console that wire when it resolves. The check asks the framework the question
 * Config Admin's tracker is answered by, {@link ServiceReference#isAssignableTo}, so it holds on any framework.
 */
@Component(service = Check.class, property = Check.ID + "=" + WebConsoleConfigurationCheck.ID)
public final class WebConsoleConfigurationCheck implements Check {
    static final String ID = "webconsole-configuration";
    static final String FRAGMENT = "org.edgepki.webconsole4.configadmin";
    private static final String MANAGED_SERVICE = "org.osgi.service.cm.ManagedService";
    private static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<Finding> run() throws InvalidSyntaxException {
        ServiceReference<?>[] consoles = context.getAllServiceReferences(MANAGED_SERVICE,
                "(service.pid=" + CONSOLE_PID + ")");
        if (consoles == null) {
            return List.of(Finding.ok(ID, "Felix Web Console", "no Felix Web Console is running"));
        }
        ServiceReference<?>[] admins = context.getAllServiceReferences(CONFIGURATION_ADMIN, null);
        List<Finding> findings = new ArrayList<>();
        for (ServiceReference<?> console : consoles) {
            Bundle bundle = console.getBundle();
            if (bundle == null) {
                continue; // unregistered meanwhile
            }
            String subject = bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId()
                    + ")";
            if (admins == null) {
                findings.add(Finding.error(ID, subject, "no Config Admin is running, so the Web Console never applies"
                        + " its configuration and may answer every page with 500", "install and start a Config Admin"));
            } else if (visibleToEveryConfigurationAdmin(console, admins)) {
                findings.add(Finding.ok(ID, subject, "Config Admin sees the Web Console's configuration"));
            } else {
                findings.add(Finding.error(ID, subject, "Config Admin cannot see the Web Console's configuration"
                        + " service (the console has no wire for org.osgi.service.cm), so the console never applies"
                        + " its configuration and answers every page with 500", fix(bundle)));
            }
        }
        return findings;
    }

    private static boolean visibleToEveryConfigurationAdmin(ServiceReference<?> console, ServiceReference<?>[] admins) {
        for (ServiceReference<?> admin : admins) {
            Bundle configAdmin = admin.getBundle();
            if (configAdmin != null && !console.isAssignableTo(configAdmin, MANAGED_SERVICE)) {
                return false;
            }
        }
        return true;
    }

    private String fix(Bundle console) {
        String refresh = "refresh the Web Console in the OSGi console (refresh " + console.getBundleId() + ")";
        if (fragmentAttachedTo(console)) {
            return "the fragment " + FRAGMENT + " is attached, so the console and Config Admin use different exporters"
                    + " of org.osgi.service.cm: keep one bundle that exports it and " + refresh;
        }
        refresh += ", which restarts it with the fragment attached";
        for (Bundle bundle : context.getBundles()) {
            if (FRAGMENT.equals(bundle.getSymbolicName())) {
                return refresh;
            }
        }
        return "install the fragment " + FRAGMENT + " (in the edgepki Kura deployment package), then " + refresh;
    }

    private static boolean fragmentAttachedTo(Bundle console) {
        BundleWiring wiring = console.adapt(BundleWiring.class);
        return wiring != null && wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE).stream()
                .anyMatch(wire -> FRAGMENT.equals(wire.getRequirer().getSymbolicName()));
    }
}
