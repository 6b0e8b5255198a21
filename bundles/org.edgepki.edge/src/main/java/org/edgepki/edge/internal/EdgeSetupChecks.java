package org.edgepki.edge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.workload.WorkloadException;
import org.edgepki.common.crypto.CommonNames;
import org.edgepki.common.naming.DeviceNames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The checks on how the Edge CA is set up, read from the edge's own configuration (PID
 * {@value EdgeCredentials#PID}): a valid hostname that differs from the Edge CA's CN, and whether
 * the quickstart (self-signed) Edge CA is in use.
 */
final class EdgeSetupChecks {
    static final String HOSTNAME = "hostname";
    static final String EDGE_CA_METHOD = "edge-ca-method";
    /** IoT Edge's limit: the hostname goes into certificate CNs, which have at most 64 characters. */
    static final int MAX_HOSTNAME = 64;

    private EdgeSetupChecks() {
    }

    /** A check of the device's names (the edge's configuration) against its stored certificates. */
    abstract static class NamesCheck implements Check {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile CertificateService certificates;
        volatile EdgeConfig config;

        @Activate
        @Modified
        void configure(EdgeConfig config) {
            this.config = config;
        }
    }

    /** Hostname: RFC 1123, at most 64 characters, not the Edge CA's CN. */
    @Component(service = Check.class, configurationPid = EdgeCredentials.PID,
            property = Check.ID + "=" + HOSTNAME)
    public static final class Hostname extends NamesCheck {
        @Override
        public List<Finding> run() throws Exception {
            EdgeSettings settings;
            try {
                settings = EdgeSettings.from(config, DeviceNames.osHostname());
            } catch (WorkloadException e) {
                return List.of(Finding.error(HOSTNAME, "hostname", e.getMessage(),
                        "set hostname in config.toml to the DNS name downstream devices use (RFC 1123)"));
            }
            String hostname = settings.hostname();
            List<Finding> findings = new ArrayList<>();
            if (hostname.length() > MAX_HOSTNAME) {
                findings.add(Finding.error(HOSTNAME, hostname, "the hostname has " + hostname.length()
                        + " characters; certificates allow at most " + MAX_HOSTNAME,
                        "set a shorter hostname in config.toml (a DNS alias of the device works)"));
            }
            CertificateService store = certificates;
            Optional<StoredCertificate> edgeCa = store == null ? Optional.empty() : store.find(CredentialIds.EDGE_CA);
            if (edgeCa.isPresent()) {
                String commonName = CommonNames.of(edgeCa.get().leaf().getSubjectX500Principal()).orElse("");
                if (commonName.equalsIgnoreCase(hostname)) {
                    findings.add(Finding.error(HOSTNAME, hostname, "the Edge CA's CN equals the hostname, so TLS"
                            + " clients verifying edgeHub loop on the Edge CA",
                            "give the Edge CA another CN (the demo tool adds '.ca'), or change hostname"));
                }
            }
            if (findings.isEmpty()) {
                findings.add(Finding.ok(HOSTNAME, hostname, "a valid hostname, different from the Edge CA's CN"));
            }
            return findings;
        }
    }

    /**
     * The device identity certificate is named after the device: its CN is the device id (manual provisioning) or the
     * DPS registration id. Nothing to say without an identity certificate, or without either name configured.
     */
    @Component(service = Check.class, configurationPid = EdgeCredentials.PID,
            property = Check.ID + "=" + CertificateFindings.IDENTITY_NAME)
    public static final class IdentityName extends NamesCheck {
        @Override
        public List<Finding> run() throws Exception {
            CertificateService store = certificates;
            Optional<StoredCertificate> identity = store == null ? Optional.empty() : store.find(CredentialIds.DEVICE_ID);
            EdgeConfig names = config;
            if (identity.isEmpty() || names == null) {
                return List.of();
            }
            if (!names.device__id().isBlank()) {
                return List.of(CertificateFindings.identityName(identity.get(), names.device__id().trim(), "device id"));
            }
            if (!names.registration__id().isBlank()) {
                return List.of(CertificateFindings.identityName(identity.get(), names.registration__id().trim(),
                        "registration id"));
            }
            return List.of();
        }
    }

    /** A self-signed Edge CA (quickstart, or method self_signed): a warning, it is for development. */
    @Component(service = Check.class, property = Check.ID + "=" + EDGE_CA_METHOD)
    public static final class EdgeCaMethod implements Check {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        private volatile CredentialService credentials;

        @Override
        public List<Finding> run() {
            CredentialService service = credentials;
            Optional<CredentialStatus> status = service == null ? Optional.empty()
                    : service.status(CredentialIds.EDGE_CA);
            if (status.isEmpty()) {
                return List.of(Finding.warning(EDGE_CA_METHOD, CredentialIds.EDGE_CA, service == null
                        ? "the credential service is not running" : "no Edge CA is configured",
                        "configure [edge_ca] in config.toml"));
            }
            String method = status.get().method();
            String fix = "in config.toml, set [edge_ca] cert and pk to an Edge CA from your PKI,"
                    + " or have it issued: [edge_ca] method = \"est\" (see the demo tool for a test PKI)";
            return List.of("self_signed".equals(method)
                    ? Finding.warning(EDGE_CA_METHOD, CredentialIds.EDGE_CA, "the quickstart Edge CA is in use"
                            + " (self-signed): it is not for production; downstream devices cannot chain it to your PKI",
                            fix)
                    : Finding.ok(EDGE_CA_METHOD, CredentialIds.EDGE_CA, "the Edge CA comes from a PKI (" + method + ")"));
        }
    }
}
