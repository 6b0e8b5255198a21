package org.edgepki.authorization.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.edgepki.api.access.AccessPolicy;
import org.edgepki.api.access.AuthorizationException;
import org.edgepki.api.access.Caller;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The access policy: edgepki's own grants, grants from the framework property {@value #GRANTS_PROPERTY}
 * (comma-separated, for an installation that sets them where it starts the framework), and the
 * operator's grants and module mappings in Config Admin. A configuration with a bad entry is refused
 * whole: the policy in force stays (at first start, the one without it), and the {@value #CHECK} check
 * reports the error. Each denial is logged once per caller, operation and id.
 */
@Component(service = {AccessPolicy.class, Check.class}, configurationPid = AuthorizationConfig.PID,
        property = Check.ID + "=" + AccessPolicyImpl.CHECK)
@Designate(ocd = AuthorizationConfig.class)
public final class AccessPolicyImpl implements AccessPolicy, Check {
    /** The framework property with installation-wide grants, comma-separated. */
    public static final String GRANTS_PROPERTY = "edgepki.authorization.grants";
    /** This component's check id. */
    static final String CHECK = "authorization-policy";
    /** At most this many distinct denials are remembered as logged; then the memory starts over. */
    static final int REMEMBERED_DENIALS = 4096;
    private static final Logger LOG = System.getLogger(AccessPolicyImpl.class.getName());

    private final Set<String> loggedDenials = ConcurrentHashMap.newKeySet();
    private volatile Policy policy = Policy.DEFAULT;
    private volatile String rejected;
    private String frameworkGrants;

    @Activate
    private void activate(BundleContext context, AuthorizationConfig config) {
        frameworkGrants = context.getProperty(GRANTS_PROPERTY);
        modified(config);
    }

    @Modified
    private void modified(AuthorizationConfig config) {
        apply(frameworkGrants, config.grants(), config.modules());
    }

    /**
     * @param frameworkGrants the framework property's value, or null
     * @param grants the configuration's grants
     * @param modules the configuration's module mappings
     * @return whether the policy was applied (else the one in force stays and the check reports why)
     */
    boolean apply(String frameworkGrants, String[] grants, String[] modules) {
        List<Policy.Source> sources = new ArrayList<>();
        if (frameworkGrants != null) {
            sources.add(new Policy.Source("framework property " + GRANTS_PROPERTY,
                    List.of(frameworkGrants.split(",")), List.of()));
        }
        sources.add(new Policy.Source(AuthorizationConfig.PID, list(grants), list(modules)));
        try {
            policy = Policy.parse(sources);
            rejected = null;
            loggedDenials.clear();
            LOG.log(Level.INFO, "authorization policy: {0} operator grant(s); everything else denied except to "
                    + "edgepki''s own bundles", policy.operatorGrants().size());
            return true;
        } catch (IllegalArgumentException e) {
            rejected = e.getMessage();
            LOG.log(Level.ERROR, "authorization policy refused, the one in force stays: {0}", rejected);
            return false;
        }
    }

    /** A null id is checked as the empty one, so that edgepki's own callers reach the service's own error for it. */
    @Override
    public void check(Caller caller, String operation, String id) {
        if (permits(caller, operation, id)) {
            return;
        }
        AuthorizationException denied = new AuthorizationException(caller.toString(), operation, String.valueOf(id),
                "no grant in " + AuthorizationConfig.PID + " (denied by default)");
        if (loggedDenials.size() >= REMEMBERED_DENIALS) {
            loggedDenials.clear();
        }
        if (loggedDenials.add(caller + " " + operation + " " + id)) {
            LOG.log(Level.WARNING, denied.getMessage());
        }
        throw denied;
    }

    @Override
    public boolean permits(Caller caller, String operation, String id) {
        return policy.permits(caller, operation, id == null ? "" : id);
    }

    @Override
    public List<Finding> run() {
        String error = rejected;
        if (error != null) {
            return List.of(Finding.error(CHECK, AuthorizationConfig.PID, "the policy was refused and the previous one"
                    + " is in force: " + error, "correct the entry in " + AuthorizationConfig.PID
                            + " (Web Console: Configuration, 'edgepki authorization')"));
        }
        return List.of(Finding.ok(CHECK, AuthorizationConfig.PID, policy.operatorGrants().size()
                + " operator grant(s); edgepki's own bundles are granted; everything else is denied"));
    }

    private static List<String> list(String[] entries) {
        return entries == null ? List.of() : Stream.of(entries).toList();
    }
}
