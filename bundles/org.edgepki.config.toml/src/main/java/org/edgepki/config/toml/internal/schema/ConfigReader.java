package org.edgepki.config.toml.internal.schema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.EstSettings;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.LocalCa;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig.Pkcs11;
import org.edgepki.config.toml.internal.schema.Problem.Severity;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads an IoT Edge {@code config.toml} into an {@link IotEdgeConfig}: TOML syntax by tomlj, then
 * every section edgepki honours, then the rules that span sections. Reading is a pure function of
 * the text; it never touches the files the configuration names.
 */
public final class ConfigReader {
    /** Larger files are refused: a config.toml is a few kilobytes. */
    public static final int MAX_SIZE = 1024 * 1024;
    /** Top-level keys about containers and the cloud: accepted, reported once as not applicable. */
    static final Set<String> NOT_APPLICABLE = Set.of("agent", "connect", "listen", "watchdog", "moby_runtime",
            "image_garbage_collection", "tpm", "auto_reprovisioning_mode", "prefer_module_identity_cache",
            "allow_elevated_docker_permissions", "cloud_retries", "homedir", "iotedge_max_requests",
            "aziot_max_requests", "manifest_trust_bundle_cert", "additional_info", "imported_master_encryption_key",
            "localid", "edge_agent");

    private ConfigReader() {
    }

    /**
     * The outcome of reading one file.
     *
     * @param config the configuration, present exactly when there are no errors
     * @param problems errors, warnings and notices in the order found
     */
    public record Result(Optional<IotEdgeConfig> config, Problems problems) {
    }

    /** Reads a file; a file that cannot be read is one error naming it. */
    public static Result read(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_SIZE) {
                return failure(name, "is larger than 1 MiB; a config.toml is a few kilobytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return read(text, name);
        } catch (NoSuchFileException e) {
            return failure(name, "does not exist");
        } catch (CharacterCodingException e) {
            return failure(name, "is not UTF-8 text");
        } catch (IOException e) {
            return failure(name, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * @param text the TOML text
     * @param fileName the name used in messages
     */
    public static Result read(String text, String fileName) {
        Problems problems = new Problems();
        TomlParseResult parsed;
        try {
            parsed = Toml.parse(text);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            // tomlj fails with an internal error on some malformed files (ConfigTomlFuzzTest found a table header with
            // a NUL and a '#'); its message is not repeated, as it may quote the file
            problems.add(new Problem(Severity.ERROR, fileName, 1, 1, "", "not valid TOML: the TOML parser could not"
                    + " read the file (" + e.getClass().getSimpleName() + "); look for control characters, an unclosed"
                    + " quote or a broken [table] header"));
            return new Result(Optional.empty(), problems);
        }
        if (parsed.hasErrors()) {
            for (TomlParseError error : parsed.errors()) {
                problems.add(new Problem(Severity.ERROR, fileName, error.position().line(), error.position().column(),
                        "", "not valid TOML: " + Pkcs11Uri.redact(error.getMessage())));
            }
            return new Result(Optional.empty(), problems);
        }
        TomlSection root = TomlSection.root(fileName, parsed, problems);
        Optional<IotEdgeConfig> config = sections(root);
        notApplicable(root, problems, fileName);
        root.warnUnknownKeys();
        if (config.isPresent()) {
            CrossFieldRules.check(config.get(), root);
            CertificateFileRules.check(config.get(), root);
        }
        return new Result(problems.hasErrors() ? Optional.empty() : config, problems);
    }

    private static Optional<IotEdgeConfig> sections(TomlSection root) {
        Optional<String> hostname = Values.hostname(root, "hostname");
        Optional<String> parent = Values.hostname(root, "parent_hostname");
        Optional<String> localGateway = Values.hostname(root, "local_gateway_hostname");
        if (parent.isPresent() && localGateway.isPresent() && !parent.equals(localGateway)) {
            root.error("local_gateway_hostname", "differs from parent_hostname; give one of them");
        }
        Optional<String> trustBundle = Values.fileUri(root, "trust_bundle_cert");
        Optional<Long> cloudTimeout = root.integer("cloud_timeout_sec");
        if (cloudTimeout.isPresent() && cloudTimeout.get() < 70) {
            root.error("cloud_timeout_sec", "must be at least 70 (seconds), so IoT Hub can throttle requests; not "
                    + cloudTimeout.get());
        }
        Optional<EdgeCa> edgeCa = EdgeCaReader.read(root);
        Optional<EstSettings> est = Optional.empty();
        Optional<LocalCa> localCa = Optional.empty();
        Optional<TomlSection> certIssuance = root.table("cert_issuance");
        if (certIssuance.isPresent()) {
            est = CertIssuanceReader.est(certIssuance.get());
            localCa = CertIssuanceReader.localCa(certIssuance.get());
            certIssuance.get().warnUnknownKeys();
        }
        Optional<Provisioning> provisioning = ProvisioningReader.read(root);
        Optional<Pkcs11> pkcs11 = root.table("aziot_keys").map(ConfigReader::pkcs11);
        Map<String, KeyLocation> preloadedKeys = preloadedKeys(root);
        Map<String, List<String>> preloadedCerts = preloadedCerts(root);
        if (edgeCa.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IotEdgeConfig(hostname, parent.or(() -> localGateway), trustBundle, cloudTimeout,
                edgeCa.get(), est, localCa, provisioning, pkcs11, preloadedKeys, preloadedCerts));
    }

    private static Pkcs11 pkcs11(TomlSection keys) {
        Optional<String> libPath = keys.text("pkcs11_lib_path");
        if (libPath.isPresent() && !libPath.get().startsWith("/")) {
            keys.error("pkcs11_lib_path", "must be an absolute path to the PKCS#11 library (.so), such as"
                    + " \"/usr/lib/softhsm/libsofthsm2.so\"");
        } else if (libPath.isPresent() && (libPath.get().contains("?") || libPath.get().contains("pin-value")
                || libPath.get().contains("pin-source"))) {
            // found by ConfigTomlFuzzTest: the path went to Config Admin and the log as it was, PIN and all
            keys.error("pkcs11_lib_path", "must be the path of the PKCS#11 library (.so) alone, with no URI query or"
                    + " PIN (the token's PIN belongs in pkcs11_base_slot, as ?pin-source=)");
            libPath = Optional.empty();
        }
        Optional<KeyLocation> baseSlot = keys.string("pkcs11_base_slot")
                .flatMap(uri -> Values.checkedKeyUri(keys, "pkcs11_base_slot", uri));
        if (baseSlot.isPresent() && !baseSlot.get().isPkcs11()) {
            keys.error("pkcs11_base_slot", "must be a PKCS#11 URI naming a token, such as"
                    + " \"pkcs11:token=edge?pin-source=file:///etc/aziot/pin\"");
            baseSlot = Optional.empty();
        } else if (baseSlot.isPresent() && libPath.isEmpty()) {
            keys.error("pkcs11_base_slot", "needs pkcs11_lib_path, the PKCS#11 library");
        }
        keys.warnUnknownKeys();
        return new Pkcs11(libPath, baseSlot);
    }

    private static Map<String, KeyLocation> preloadedKeys(TomlSection root) {
        Map<String, KeyLocation> keys = new LinkedHashMap<>();
        root.table("preloaded_keys").ifPresent(table -> {
            for (String id : table.keys()) {
                if (validId(table, id)) {
                    Values.keyUri(table, id).ifPresent(location -> keys.put(id, location));
                }
            }
        });
        return keys;
    }

    private static Map<String, List<String>> preloadedCerts(TomlSection root) {
        Map<String, List<String>> certs = new LinkedHashMap<>();
        root.table("preloaded_certs").ifPresent(table -> {
            for (String id : table.keys()) {
                if (!validId(table, id)) {
                    continue;
                }
                Object value = table.raw(id).orElseThrow();
                List<String> uris = new ArrayList<>();
                if (value instanceof String) {
                    Values.fileUri(table, id).ifPresent(uris::add);
                } else if (value instanceof TomlArray) {
                    List<String> list = table.strings(id).orElse(List.of());
                    list.forEach(uri -> Values.checkedFileUri(table, id, uri, "every element ").ifPresent(uris::add));
                    if (table.strings(id).isPresent() && list.isEmpty()) {
                        table.error(id, "needs at least one file URI");
                    }
                } else {
                    table.error(id, "must be a string with a file URI, or an array of them, not "
                            + TomlSection.typeName(value));
                }
                if (!uris.isEmpty()) {
                    certs.put(id, uris);
                }
            }
        });
        return certs;
    }

    private static boolean validId(TomlSection table, String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}")) {
            table.error(id, "is not a usable key or certificate id (letters, digits and . _ : / -, up to 128)");
            return false;
        }
        return true;
    }

    private static void notApplicable(TomlSection root, Problems problems, String fileName) {
        List<String> present = root.keys().stream().filter(NOT_APPLICABLE::contains).sorted().toList();
        present.forEach(root::has);
        if (!present.isEmpty()) {
            problems.add(new Problem(Severity.NOTICE, fileName, 0, 0, "", "not applicable to edgepki (containers"
                    + " and cloud), accepted and ignored: " + String.join(", ", present)));
        }
    }

    private static Result failure(String fileName, String message) {
        Problems problems = new Problems();
        problems.add(new Problem(Severity.ERROR, fileName, 0, 0, "", message));
        return new Result(Optional.empty(), problems);
    }
}
