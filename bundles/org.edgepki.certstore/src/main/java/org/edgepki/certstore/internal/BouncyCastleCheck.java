package org.edgepki.certstore.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Check: the Bouncy Castle that edgepki's bundles are wired to has no known flaw that matters to them. edgepki accepts
 * Bouncy Castle from 1.77 on, because Eclipse Kura 5.5 ships 1.77; versions before 1.78 spend unbounded CPU on a
 * certificate with crafted F2m curve parameters (CVE-2024-29857: edgepki parses certificates from EST servers and
 * files) and can loop forever checking a crafted Ed25519 signature (CVE-2024-30172).
 */
@Component(service = Check.class, property = Check.ID + "=" + BouncyCastleCheck.ID)
public final class BouncyCastleCheck implements Check {
    static final String ID = "bouncy-castle";
    /** The first version without the flaws above. */
    static final Version FIXED = new Version(1, 78, 0);
    private static final String PACKAGE_PREFIX = "org.bouncycastle.";
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<Finding> run() {
        Map<String, Set<String>> usersByProvider = new TreeMap<>();
        Map<String, Version> versions = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (name == null || !name.startsWith("org.edgepki.") || wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Object pkg = wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                if (pkg instanceof String packageName && packageName.startsWith(PACKAGE_PREFIX)) {
                    String provider = wire.getProvider().getSymbolicName() + " " + wire.getProvider().getVersion();
                    versions.put(provider, wire.getProvider().getVersion());
                    usersByProvider.computeIfAbsent(provider, p -> new TreeSet<>()).add(name);
                }
            }
        }
        return judge(versions, usersByProvider);
    }

    /**
     * @param versions each Bouncy Castle bundle in use ("symbolic name version") and its version
     * @param usersByProvider the edgepki bundles wired to each
     * @return one finding per Bouncy Castle bundle in use, by name, or one OK finding when none is (no edgepki bundle is
     *         wired to it yet)
     */
    static List<Finding> judge(Map<String, Version> versions, Map<String, Set<String>> usersByProvider) {
        if (versions.isEmpty()) {
            return List.of(Finding.ok(ID, "Bouncy Castle", "no edgepki bundle is wired to Bouncy Castle"));
        }
        List<Finding> findings = new ArrayList<>();
        new TreeMap<>(versions).forEach((provider, version) -> {
            String users = String.join(", ", new TreeSet<>(usersByProvider.getOrDefault(provider, Set.of())));
            if (version.compareTo(FIXED) < 0) {
                findings.add(Finding.warning(ID, provider, "Bouncy Castle before 1.78, used by " + users
                        + ", spends unbounded CPU on a certificate with crafted F2m curve parameters (CVE-2024-29857) and"
                        + " can loop on a crafted Ed25519 signature (CVE-2024-30172)",
                        "install bcprov, bcutil and bcpkix 1.78 or later and refresh the edgepki bundles (refresh in the"
                                + " OSGi console); edgepki accepts every 1.x from 1.77 on"));
            } else {
                findings.add(Finding.ok(ID, provider, "used by " + users));
            }
        });
        return findings;
    }
}
