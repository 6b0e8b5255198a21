package org.edgepki.tools.config.migrate;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps 1.1 {@code certificates:} to config.toml: {@code device_ca_cert}/{@code device_ca_pk} become a
 * preloaded {@code [edge_ca] cert}/{@code pk}, {@code trusted_ca_certs} the top-level
 * {@code trust_bundle_cert}, all as {@code file://} URIs; without a device CA,
 * {@code auto_generated_ca_lifetime_days} becomes the quickstart
 * {@code [edge_ca] auto_generated_edge_ca_expiry_days}.
 *
 * <p>Unlike {@code iotedge config import}, which silently falls back to a quickstart CA when one of
 * the three files is missing, a device CA needs both cert and key, and a trust bundle may stand alone.
 */
final class CertificatesImport {
    private static final Set<String> KEYS =
            Set.of("device_ca_cert", "device_ca_pk", "trusted_ca_certs", "auto_generated_ca_lifetime_days");

    /**
     * @param trustBundleCert the top-level {@code trust_bundle_cert}, if any
     * @param edgeCa the {@code [edge_ca]} table, empty when 1.2+ defaults apply
     */
    record Imported(Optional<String> trustBundleCert, OrderedTomlTable edgeCa) {
    }

    private CertificatesImport() {
    }

    static Imported convert(YamlField certificates, List<String> notes) throws LegacyConfigException {
        OrderedTomlTable edgeCa = new OrderedTomlTable();
        if (!certificates.isPresent()) {
            return new Imported(Optional.empty(), edgeCa);
        }
        certificates.noteUnknownKeys(KEYS, notes);
        YamlField cert = certificates.get("device_ca_cert");
        YamlField pk = certificates.get("device_ca_pk");
        YamlField lifetime = certificates.get("auto_generated_ca_lifetime_days");
        if (cert.isPresent() != pk.isPresent()) {
            YamlField missing = cert.isPresent() ? pk : cert;
            YamlField given = cert.isPresent() ? cert : pk;
            throw missing.error("is required when " + given.path() + " is set (the device CA needs both)");
        }
        Long days = lifetime.isPresent() ? lifetime.integer(1, 65535) : null;
        if (cert.isPresent()) {
            edgeCa.put("cert", FileUri.of(cert)).put("pk", FileUri.of(pk));
            if (days != null) {
                notes.add(lifetime.note("dropped; it only applies to the auto-generated (quickstart) CA,"
                        + " and certificates.device_ca_cert is set"));
            }
        } else if (days != null) {
            edgeCa.put("auto_generated_edge_ca_expiry_days", days);
        }
        YamlField trusted = certificates.get("trusted_ca_certs");
        Optional<String> trustBundle = trusted.isPresent() ? Optional.of(FileUri.of(trusted)) : Optional.empty();
        return new Imported(trustBundle, edgeCa);
    }
}
