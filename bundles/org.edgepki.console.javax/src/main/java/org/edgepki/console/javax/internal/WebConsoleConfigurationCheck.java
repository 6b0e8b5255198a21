package org.edgepki.console.javax.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Check {@value #ID}: Config Admin could see Felix Web Console 4's configuration service when the console
 * registered it.
 *
 * <p>Web Console 4 answers every request with 500 until Config Admin has called its {@code ManagedService}
 * once. The console imports {@code org.osgi.service.cm} only dynamically and registers that service before it
 * has a wire for the package. Equinox then hides the service from Config Admin
 * ({@link ServiceReference#isAssignableTo} is false), and a wire made later does not help: Config Admin's
 * tracker has already passed the service by. The fragment {@value #FRAGMENT} gives the console a static wire
 * when it resolves. The Felix framework does not hide a service whose registrant has no wire, so there what
 * Config Admin can see now is what it saw.
 */
@Component(service = Check.class, property = Check.ID + "=" + WebConsoleConfigurationCheck.ID)
public final class WebConsoleConfigurationCheck implements Check {
    static final String ID = "webconsole-configuration";
    static final String FRAGMENT = "org.edgepki.webconsole4.configadmin";
    private static final String CM_PACKAGE = "org.osgi.service.cm";
    private static final String MANAGED_SERVICE = CM_PACKAGE + ".ManagedService";
    private static final String CONFIGURATION_ADMIN = CM_PACKAGE + ".ConfigurationAdmin";
    private static final String CONSOLE_API = "org.apache.felix.webconsole";
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
        List<Finding> findings = new ArrayList<>();
        for (ServiceReference<?> console : consoles == null ? new ServiceReference<?>[0] : consoles) {
            Bundle bundle = console.getBundle();
            if (bundle != null && bundle.getVersion().getMajor() == 4) { // null: unregistered meanwhile
                findings.add(judge(console, bundle));
                findings.add(judgeLogin(bundle));
            }
        }
        return findings.isEmpty() ? List.of(Finding.ok(ID, "Felix Web Console", "no Felix Web Console 4 is running"))
                : findings;
    }

    private Finding judge(ServiceReference<?> console, Bundle bundle) throws InvalidSyntaxException {
        String subject = bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId()
                + ")";
        ServiceReference<?>[] admins = context.getAllServiceReferences(CONFIGURATION_ADMIN, null);
        if (admins == null) {
            return Finding.error(ID, subject, "no Config Admin is running, so the Web Console never applies its"
                    + " configuration and answers every page with 500", "install and start a Config Admin");
        }
        boolean seen = false;
        for (ServiceReference<?> admin : admins) {
            Bundle configAdmin = admin.getBundle();
            seen |= configAdmin != null && console.isAssignableTo(configAdmin, MANAGED_SERVICE);
        }
        Optional<BundleWire> wire = configAdminWire(bundle);
        boolean staticWire = wire.isPresent() && !PackageNamespace.RESOLUTION_DYNAMIC
                .equals(wire.get().getRequirement().getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
        if (seen && (staticWire || !onEquinox())) {
            return Finding.ok(ID, subject, "Config Admin sees the Web Console's configuration");
        }
        String refresh = "refresh the Web Console in the OSGi console (refresh " + bundle.getBundleId() + ")";
        if (fragmentAttachedTo(bundle)) {
            return Finding.error(ID, subject, "the Web Console and Config Admin use different exporters of "
                    + CM_PACKAGE + ", so Config Admin never applies the console's configuration and the console"
                    + " answers every page with 500", "keep one bundle that exports " + CM_PACKAGE + " and " + refresh);
        }
        String cause = wire.isEmpty() ? "the Web Console has no wire for " + CM_PACKAGE + " (it imports it only"
                + " dynamically), so Config Admin cannot see its configuration service"
                : "the Web Console wired " + CM_PACKAGE + " only after it had registered its configuration service,"
                        + " which Config Admin therefore never saw";
        String attach = refresh + ", which restarts it with the fragment attached (it needs a bundle that exports "
                + CM_PACKAGE + " 1.5 or later)";
        return Finding.error(ID, subject, cause + ": the console never applies its configuration and answers every"
                + " page with 500", fragmentInstalled() ? attach
                        : "install the fragment " + FRAGMENT + " (in the edgepki Kura deployment package), then " + attach);
    }

    /**
     * edgepki's gate reaches Web Console 4 only if this bundle is wired to the console's API, an optional
     * import: resolved before the console came, it has no wire, and the console runs with its own login.
     */
    private Finding judgeLogin(Bundle console) {
        String subject = context.getBundle().getSymbolicName() + " (the login of Web Console " + console.getVersion() + ")";
        BundleWiring wiring = context.getBundle().adapt(BundleWiring.class);
        boolean wired = wiring != null && wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(wire -> CONSOLE_API.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                        && wire.getProvider().getBundle().getBundleId() == console.getBundleId());
        if (wired) {
            return Finding.ok(ID, subject, "Web Console 4 guards its requests with edgepki's login and gate");
        }
        return Finding.error(ID, subject, "Web Console 4 came after this bundle was resolved, so it runs with its own"
                + " login (admin/admin unless configured) and without edgepki's checks of origin, Host and failed logins",
                "refresh " + context.getBundle().getBundleId() + " in the OSGi console (it resolves again and wires to"
                        + " the console)");
    }

    /** Equinox hides a service from a bundle when the registrant has no wire for the service's package. */
    private boolean onEquinox() {
        return "org.eclipse.osgi".equals(context.getBundle(0).getSymbolicName());
    }

    private static Optional<BundleWire> configAdminWire(Bundle console) {
        BundleWiring wiring = console.adapt(BundleWiring.class);
        return wiring == null ? Optional.empty() : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(wire -> CM_PACKAGE.equals(wire.getCapability().getAttributes()
                        .get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst();
    }

    private static boolean fragmentAttachedTo(Bundle console) {
        BundleWiring wiring = console.adapt(BundleWiring.class);
        return wiring != null && wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE).stream()
                .anyMatch(wire -> FRAGMENT.equals(wire.getRequirer().getSymbolicName()));
    }

    private boolean fragmentInstalled() {
        for (Bundle bundle : context.getBundles()) {
            if (FRAGMENT.equals(bundle.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }
}
