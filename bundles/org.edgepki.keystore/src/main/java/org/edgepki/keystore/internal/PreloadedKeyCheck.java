package org.edgepki.keystore.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.common.files.FilePermissionFindings;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Check: every preloaded {@code file:} key (config.toml's {@code pk} entries and
 * {@code [preloaded_keys]}) exists, is 0600 and lies in a 0700 directory, and so is the PIN file
 * ({@code pin-source}) of every preloaded key on a token.
 */
@Component(service = Check.class, configurationPid = KeyServiceConfig.PID,
        property = Check.ID + "=" + FilePermissionFindings.CHECK)
public final class PreloadedKeyCheck implements Check {
    private volatile Map<String, URI> preloaded = Map.of();
    private volatile String configError;

    @Activate
    @Modified
    void configure(KeyServiceConfig config) {
        try {
            preloaded = KeyServiceSettings.parse(config.preloaded__keys(), config.base__scheme(),
                    config.service__timeout__seconds()).preloadedKeys();
            configError = null;
        } catch (RuntimeException e) {
            configError = e.getMessage();
        }
    }

    /** The file a PKCS#11 URI's {@code pin-source} names, if any. */
    private static Optional<Path> pinFile(URI uri) {
        try {
            return Pkcs11Uri.parse(uri.toString()).pinSourceFile();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the key service reports a malformed URI
        }
    }

    @Override
    public List<Finding> run() {
        if (configError != null) {
            return List.of(Finding.error(FilePermissionFindings.CHECK, KeyServiceConfig.PID, Pkcs11Uri.redact(String.valueOf(configError)),
                    "correct the preloaded key entries in config.toml"));
        }
        List<Finding> findings = new ArrayList<>();
        preloaded.forEach((id, uri) -> {
            if ("file".equals(uri.getScheme())) {
                findings.addAll(FilePermissionFindings.keyFile(id, Path.of(uri)));
            } else {
                pinFile(uri).ifPresent(pin -> findings.addAll(FilePermissionFindings.secretFile(id, pin, "PIN file",
                        "the token's PIN")));
            }
        });
        return findings;
    }
}
