package org.edgepki.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialInventory;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.files.StoreFileName;
import org.edgepki.common.inventory.ManagedCertificate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands on certificates: {@code edgepki:certs}, {@code edgepki:cert <id>},
 * {@code edgepki:renew <id>} and {@code edgepki:import <id> <file> [--password …]}. Each prints a
 * table or a few lines; an error is one {@link CommandFailure} line. The services are dynamic, so
 * updating the bundles behind them never restarts this component.
 */
@Component(service = CertificateCommands.class, property = {
    "osgi.command.scope=edgepki",
    "osgi.command.function=certs", "osgi.command.function=cert",
    "osgi.command.function=renew", "osgi.command.function=import"
})
public final class CertificateCommands {
    private final Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CertificateService certificates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile KeyService keys;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialService renewals;

    /** {@code edgepki:certs}: every certificate, its expiry, renewal and status. */
    @Descriptor("lists every certificate: subject, expiry, issuance method, next renewal, status")
    public String certs() {
        try {
            return CertificateTable.render(inventory().all().stream().map(ManagedCertificate::of).toList(),
                    clock.instant());
        } catch (EdgePkiException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** {@code edgepki:cert <id>}: one certificate's key, renewal and chain. */
    @Descriptor("shows one certificate: key location, renewal policy and every certificate of its chain")
    public String cert(@Descriptor("certificate id, for example aziot-edged-ca") String id) {
        requireId(id);
        ManagedCertificate found = inventory().find(id).map(ManagedCertificate::of)
                .orElseThrow(() -> new CommandFailure("no certificate '" + id + "'; edgepki:certs lists them"));
        return ChainDescription.render(found, clock.instant());
    }

    /** {@code edgepki:renew <id>}: renews a managed certificate now. */
    @Descriptor("renews a managed certificate now, whatever its due time")
    public String renew(@Descriptor("certificate id, for example aziot-edged/module/edgeHub:server") String id) {
        requireId(id);
        CredentialService renewal = required(renewals, "the renewal service (bundle org.edgepki.credentials)");
        String before = serial(id);
        try {
            CredentialStatus after = renewal.renewNow(id);
            return "Renewed " + id + ": serial " + before + " -> " + serial(id) + ", expires "
                    + CertificateTable.time(after.notAfter()) + ", next renewal "
                    + CertificateTable.time(after.nextAttempt()) + "\n";
        } catch (EdgePkiException e) {
            throw new CommandFailure("renewal of " + id + " failed: " + e.getMessage());
        }
    }

    /** An id no store could hold is an error of its own, not an empty entry. */
    private static void requireId(String id) {
        try {
            StoreFileName.requireValidId(id);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("'" + id.replaceAll("\\p{Cntrl}", "?") + "' is not a certificate id: "
                    + e.getMessage() + "; edgepki:certs lists them");
        }
    }

    /** {@code edgepki:import <id> <file> [--password …]}: imports PEM, DER or PKCS#12. */
    @Descriptor("imports a certificate chain (PEM, DER, or PKCS#12 with its key) under an id")
    public String _import(
            @Descriptor("PKCS#12 password") @Parameter(names = "--password", absentValue = "") String password,
            @Descriptor("certificate id") String id,
            @Descriptor("file to import") String file) {
        char[] secret = password.isEmpty() ? null : password.toCharArray();
        try {
            return importFile(id, Path.of(file), secret);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * Imports a file (PEM, DER, or PKCS#12 with its key) under an id: {@code edgepki:import} and
     * {@code bin/edgepki import}.
     *
     * @param secret the PKCS#12 password, or null; the caller clears it
     * @return one line saying what was imported
     * @throws CommandFailure naming the file and the rule broken
     */
    String importFile(String id, Path file, char[] secret) {
        CertificateService store = required(certificates, "the certificate store (bundle org.edgepki.certstore)");
        Path path = file.toAbsolutePath();
        if (!Files.exists(path)) {
            throw new CommandFailure(path + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new CommandFailure(path + ": not a regular file (a directory or a device is never imported)");
        }
        try {
            StoredCertificate stored = store.importFile(id, path, secret);
            boolean withKey = keys != null && keys.find(id).isPresent();
            return "Imported " + id + " from " + path + ": " + stored.chain().size() + " certificate(s), "
                    + ManagedCertificate.commonName(stored.leaf().getSubjectX500Principal()) + ", expires "
                    + stored.leaf().getNotAfter().toInstant() + (withKey ? ", with its key" : "") + "\n";
        } catch (EdgePkiException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private String serial(String id) {
        try {
            return Optional.ofNullable(certificates).flatMap(store -> find(store, id))
                    .map(stored -> ManagedCertificate.serial(stored.leaf()))
                    .orElse("-");
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private static Optional<StoredCertificate> find(CertificateService store, String id) {
        try {
            return store.find(id);
        } catch (EdgePkiException e) {
            return Optional.empty();
        }
    }

    private CredentialInventory inventory() {
        return new CredentialInventory(required(certificates, "the certificate store (bundle org.edgepki.certstore)"),
                keys, renewals);
    }

    private static <T> T required(T service, String name) {
        if (service == null) {
            throw new CommandFailure(name + " is not running; start it, or wait for its update to finish");
        }
        return service;
    }
}
