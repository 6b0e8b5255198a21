package org.edgepki.config.toml.internal.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgepki.common.crypto.CommonNames;
import org.edgepki.common.crypto.EdgeCaProfile;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.config.toml.internal.schema.Problem.Severity;

/**
 * The rules about certificate files that can be checked where the file is readable (by {@code config check} as
 * by the runtime's apply): a manual Edge CA against the documented profile ({@link EdgeCaProfile}), its CN against
 * the device's names and the trust bundle holding its root, and an identity certificate's CN against the device id
 * or registration id. A file that
 * cannot be read here is left to the runtime, which reports it, with a notice. Files are read only if they are
 * regular files, and at most {@value #MAX_BYTES} bytes of them.
 */
final class CertificateFileRules {
    static final int MAX_BYTES = 1 << 20;

    private CertificateFileRules() {
    }

    static void check(IotEdgeConfig config, TomlSection root) {
        if (config.edgeCa() instanceof EdgeCa.Preloaded manual) {
            read(manual.cert(), List.of("edge_ca", "cert"), root).ifPresent(chain -> edgeCa(config, chain, root));
        }
        config.provisioning().ifPresent(provisioning -> provisioning.x509()
                .filter(identity -> identity.cert() instanceof IdentityCert.File)
                .ifPresent(identity -> identityName(provisioning, ((IdentityCert.File) identity.cert()).uri(), root)));
    }

    private static void edgeCa(IotEdgeConfig config, List<X509Certificate> chain, TomlSection root) {
        List<String> key = List.of("edge_ca", "cert");
        EdgeCaProfile.Findings findings = EdgeCaProfile.of(chain);
        findings.errors().forEach(error -> root.reportAt(Severity.ERROR, key, "the Edge CA cannot be used: " + error));
        findings.warnings().forEach(warning -> root.reportAt(Severity.WARNING, key, "the Edge CA departs from the"
                + " documented profile: " + warning));
        CommonNames.of(chain.get(0).getSubjectX500Principal())
                .ifPresent(commonName -> CrossFieldRules.edgeCaName(config, commonName, key, root));
        config.trustBundleCert().flatMap(uri -> read(uri, List.of("trust_bundle_cert"), root)).ifPresent(bundle -> {
            X509Certificate last = chain.get(chain.size() - 1);
            boolean holdsRoot = bundle.contains(last) || bundle.stream()
                    .anyMatch(anchor -> IssuedBy.issuedBy(last, anchor));
            if (!holdsRoot) {
                root.reportAt(Severity.WARNING, List.of("trust_bundle_cert"), "does not hold the root of the Edge CA"
                        + " chain (" + last.getIssuerX500Principal().getName() + "): modules will not trust edgeHub;"
                        + " add the root CA certificate to this file");
            }
        });
    }

    /** IoT Hub (manual) and DPS know an X.509 device by its certificate's CN. */
    private static void identityName(Provisioning provisioning, String uri, TomlSection root) {
        boolean dps = provisioning instanceof Provisioning.Dps;
        List<String> key = dps ? List.of("provisioning", "attestation", "identity_cert")
                : List.of("provisioning", "authentication", "identity_cert");
        Optional<String> expected = dps ? ((Provisioning.Dps) provisioning).registrationId() : provisioning.deviceId();
        if (expected.isEmpty()) {
            return;
        }
        read(uri, key, root).ifPresent(chain -> {
            Optional<String> commonName = CommonNames.of(chain.get(0).getSubjectX500Principal());
            if (!commonName.equals(expected)) {
                root.reportAt(Severity.ERROR, key, "the certificate's CN \"" + commonName.orElse("") + "\" must equal "
                        + (dps ? "registration_id" : "device_id") + " \"" + expected.get() + "\": "
                        + (dps ? "DPS" : "IoT Hub") + " knows the device by it");
            }
        });
    }

    /** @return the certificates of a readable {@code file:} URI; empty (with a notice) when it cannot be read here */
    static Optional<List<X509Certificate>> read(String uri, List<String> key, TomlSection root) {
        Path file;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equals(parsed.getScheme())) {
                return Optional.empty();
            }
            file = Path.of(parsed);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the URI's own rule reports it
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            root.reportAt(Severity.NOTICE, key, "not read here (missing or not readable): its certificate is checked"
                    + " when the runtime loads it");
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                root.reportAt(Severity.ERROR, key, "is larger than " + MAX_BYTES + " bytes: not a certificate file");
                return Optional.empty();
            }
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(new ByteArrayInputStream(bytes))
                    .forEach(certificate -> chain.add((X509Certificate) certificate));
            if (chain.isEmpty()) {
                root.reportAt(Severity.ERROR, key, "holds no certificate (PEM or DER expected)");
                return Optional.empty();
            }
            return Optional.of(chain);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            root.reportAt(Severity.ERROR, key, "is not a readable certificate file (PEM or DER): "
                    + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
