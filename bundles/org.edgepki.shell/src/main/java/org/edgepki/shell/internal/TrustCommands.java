package org.edgepki.shell.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.TrustBundle;
import org.edgepki.common.inventory.ManagedCertificate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo command {@code edgepki:trust install|status}: puts the trust bundle's root certificates into the host's OS
 * trust store, as the product documentation asks operators to do, or shows whether they are there. What goes where
 * is {@link OsTrustStore}'s; this class only prints it. An error is one {@link CommandFailure} line.
 */
@Component(service = TrustCommands.class,
        property = {"osgi.command.scope=edgepki", "osgi.command.function=trust"})
public final class TrustCommands {
    private static final List<String> HEADINGS = List.of("ROOT", "FILE", "INSTALLED", "IN OS BUNDLE");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TrustBundle trustBundle;
    private volatile OsTrustStore store;

    /** For DS: the OS store comes from the framework properties on activation. */
    public TrustCommands() {
    }

    TrustCommands(OsTrustStore store, TrustBundle trustBundle) {
        this.store = store;
        this.trustBundle = trustBundle;
    }

    @Activate
    void activate(BundleContext context) {
        store = OsTrustStore.of(context::getProperty);
    }

    /** {@code edgepki:trust install} or {@code edgepki:trust status}. */
    @Descriptor("installs the trust bundle's root certificates in the OS trust store (install), or shows whether"
            + " they are there (status)")
    public String trust(@Descriptor("install or status") String action) {
        return switch (action) {
            case "install" -> install();
            case "status" -> status();
            default -> throw new CommandFailure("unknown action '" + action.replaceAll("\\p{Cntrl}", "?")
                    + "': edgepki:trust install or edgepki:trust status");
        };
    }

    private String install() {
        try {
            OsTrustStore.Installation done = store.install(trustBundle());
            StringBuilder out = new StringBuilder();
            done.written().forEach(file -> out.append("written: ").append(file).append('\n'));
            done.removed().forEach(file -> out.append("removed: ").append(file)
                    .append(" (its root left the trust bundle)\n"));
            done.updateOutput().ifPresent(output -> out.append("update command said:\n")
                    .append(output.lines().map(line -> "  " + line + "\n").collect(Collectors.joining())));
            return out.append(done.roots()).append(" root(s) of the trust bundle ")
                    .append(done.updateOutput().isPresent() ? "installed in " : "already installed in ")
                    .append(store.anchorDir()).append(" and ").append(store.bundleFile()).append('\n').toString();
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private String status() {
        try {
            OsTrustStore.Status status = store.status(trustBundle());
            StringBuilder out = new StringBuilder("OS trust store: anchors in ").append(store.anchorDir())
                    .append(", bundle ").append(store.bundleFile()).append('\n');
            if (status.roots().isEmpty()) {
                out.append("The trust bundle holds no root certificate yet.\n");
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(HEADINGS);
                for (OsTrustStore.RootStatus root : status.roots()) {
                    X509Certificate certificate = root.root();
                    rows.add(List.of(ManagedCertificate.commonName(certificate.getSubjectX500Principal()),
                            OsTrustStore.fileName(certificate), root.installed() ? "yes" : "no",
                            root.inOsBundle().map(in -> in ? "yes" : "no").orElse("unknown (no bundle file)")));
                }
                out.append(CertificateTable.columns(rows));
            }
            for (Path file : status.stale()) {
                out.append("stale: ").append(file).append(" (its root left the trust bundle; edgepki:trust install"
                        + " removes it)\n");
            }
            status.unknown().ifPresent(reason -> out.append(reason).append('\n'));
            return out.toString();
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private List<X509Certificate> trustBundle() {
        TrustBundle bundle = trustBundle;
        if (bundle == null) {
            throw new CommandFailure("the trust bundle (bundle org.edgepki.certstore) is not running; start it, or wait"
                    + " for its update to finish");
        }
        try {
            return bundle.certificates();
        } catch (EdgePkiException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
