package org.edgepki.tools.config.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code iotedge config import}: converts an Azure IoT Edge 1.1 {@code config.yaml} into a 1.2+
 * {@code config.toml}, following Azure/iotedge's {@code edgelet/iotedge/src/config/import}.
 *
 * <p>Top-level keys map as follows: {@code provisioning} to {@code [provisioning]} and
 * {@code auto_reprovisioning_mode} ({@link ProvisioningImport}); {@code certificates} to
 * {@code [edge_ca]} and {@code trust_bundle_cert} ({@link CertificatesImport}); {@code hostname} and
 * {@code parent_hostname} unchanged; {@code agent}, {@code connect}, {@code listen},
 * {@code watchdog} and {@code moby_runtime} carried over; {@code homedir} and unknown keys dropped
 * with a note. Settings the file leaves out are left out of the result too, so 1.2+ defaults apply.
 *
 * <p>Pure and thread-safe: nothing is read from or written to the file system.
 */
public final class LegacyConfigImport {
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("provisioning", "certificates", "agent", "hostname",
            "parent_hostname", "connect", "listen", "homedir", "moby_runtime", "watchdog");

    private LegacyConfigImport() {
    }

    /**
     * The outcome of an import.
     *
     * @param toml a complete config.toml text; it holds the device's secrets, so it is left out of
     *     {@link #toString()}
     * @param notes what was dropped or changed, one line each, located like errors; never secrets
     */
    public record Result(String toml, List<String> notes) {
        public Result {
            Objects.requireNonNull(toml, "toml");
            notes = List.copyOf(notes);
        }

        @Override
        public String toString() {
            return "Result[toml=(" + toml.length() + " characters), notes=" + notes + "]";
        }
    }

    /**
     * Converts one config.yaml.
     *
     * @param yamlText the config.yaml content
     * @param sourceName how the file is named in messages, such as {@code /etc/iotedge/config.yaml}
     * @return the config.toml text and the notes about it
     * @throws LegacyConfigException if the text is not YAML, or a setting has the wrong type, a relative
     *     path, or a required provisioning field is missing; the message names the file, line, column,
     *     key path and rule
     */
    public static Result convert(String yamlText, String sourceName) throws LegacyConfigException {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(sourceName, "sourceName");
        YamlField root = LegacyYamlReader.read(yamlText, sourceName);
        List<String> notes = new ArrayList<>();

        ProvisioningImport.Imported provisioning = ProvisioningImport.convert(root.get("provisioning"), notes);
        CertificatesImport.Imported certificates = CertificatesImport.convert(root.get("certificates"), notes);

        // Written in the order iotedge config import writes them, so that the two results diff well.
        OrderedTomlTable toml = new OrderedTomlTable();
        certificates.trustBundleCert().ifPresent(uri -> toml.put("trust_bundle_cert", uri));
        toml.put("auto_reprovisioning_mode", provisioning.autoReprovisioningMode());
        YamlField hostname = root.get("hostname");
        if (hostname.isPresent()) {
            toml.put("hostname", hostname.string());
        } else {
            notes.add(hostname.note("not set; IoT Edge 1.2+ uses the device's own host name"));
        }
        root.get("parent_hostname").optionalString().ifPresent(parent -> toml.put("parent_hostname", parent));
        toml.put("provisioning", provisioning.provisioning());
        AgentImport.convert(root.get("agent"), notes).ifPresent(agent -> toml.put("agent", agent));
        EndpointsImport.connect(root.get("connect"), notes).ifPresent(connect -> toml.put("connect", connect));
        EndpointsImport.listen(root.get("listen"), notes).ifPresent(listen -> toml.put("listen", listen));
        WatchdogImport.convert(root.get("watchdog"), notes).ifPresent(watchdog -> toml.put("watchdog", watchdog));
        if (!certificates.edgeCa().isEmpty()) {
            toml.put("edge_ca", certificates.edgeCa());
        }
        MobyRuntimeImport.convert(root.get("moby_runtime"), notes).ifPresent(moby -> toml.put("moby_runtime", moby));

        YamlField homedir = root.get("homedir");
        if (homedir.isPresent()) {
            notes.add(homedir.note("dropped; IoT Edge 1.2+ keeps its state in its own directories"
                    + " and does not take over the 1.1 module identities or master encryption key from there"));
        }
        root.noteUnknownKeys(TOP_LEVEL_KEYS, notes);

        String text = TomlText.write(toml);
        TomlRoundTrip.verify(text, toml);
        return new Result(text, notes);
    }
}
