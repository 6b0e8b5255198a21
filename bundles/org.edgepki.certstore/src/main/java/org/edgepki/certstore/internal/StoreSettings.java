package org.edgepki.certstore.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.edgepki.common.files.StateHome;
import org.edgepki.common.files.StoreFileName;

/**
 * The certificate store's configuration, validated: nothing here can fail later.
 *
 * @param home the state directory; chains live under {@code <home>/certd/certs}
 * @param preloaded preloaded files by certificate id, in configuration order; each list is not empty
 * @param serviceTimeout how long to wait for the key service
 */
record StoreSettings(Path home, Map<String, List<Path>> preloaded, Duration serviceTimeout) {
    private static final String PRELOADED_CERTS = "preloaded_certs";
    private static final String SERVICE_TIMEOUT = "service_timeout_seconds";

    /** Freezes the map and its lists. */
    StoreSettings {
        Map<String, List<Path>> frozen = new LinkedHashMap<>();
        preloaded.forEach((id, files) -> frozen.put(id, List.copyOf(files)));
        preloaded = Collections.unmodifiableMap(frozen);
    }

    /**
     * @param config the component configuration
     * @param frameworkProperty reads framework properties, for the default home
     * @return the validated settings
     * @throws IllegalArgumentException naming the attribute and the entry if anything is malformed
     */
    static StoreSettings of(CertificateStoreConfig config, UnaryOperator<String> frameworkProperty) {
        return parse(config.home(), config.preloaded__certs(), config.service__timeout__seconds(),
                frameworkProperty);
    }

    /**
     * @param home the configured home, or empty for the default
     * @param preloadedCerts entries {@code id=file:///absolute/path}; blank entries are ignored
     *     because the Web Console submits an empty field for an empty list
     * @param serviceTimeoutSeconds seconds, at least 0
     * @param frameworkProperty reads framework properties, for the default home
     * @return the validated settings
     * @throws IllegalArgumentException naming the attribute and the entry if anything is malformed
     */
    static StoreSettings parse(String home, String[] preloadedCerts, int serviceTimeoutSeconds,
            UnaryOperator<String> frameworkProperty) {
        if (serviceTimeoutSeconds < 0) {
            throw new IllegalArgumentException(CertificateStoreConfig.PID + ": " + SERVICE_TIMEOUT + " is "
                    + serviceTimeoutSeconds + "; it must be 0 or more");
        }
        Map<String, List<Path>> preloaded = new LinkedHashMap<>();
        for (String entry : preloadedCerts == null ? new String[0] : preloadedCerts) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            PreloadedEntry parsed = PreloadedEntry.parse(entry);
            preloaded.computeIfAbsent(parsed.id(), id -> new ArrayList<>()).add(parsed.file());
        }
        return new StoreSettings(StateHome.resolve(home, frameworkProperty), preloaded,
                Duration.ofSeconds(serviceTimeoutSeconds));
    }

    /**
     * @param previous the settings these replace
     * @return the preloaded ids these settings add, remove, or point at other files (or the same
     *     files in another order) than {@code previous} did, sorted
     */
    Set<String> preloadedChangesSince(StoreSettings previous) {
        Set<String> changed = new TreeSet<>();
        Set<String> ids = new TreeSet<>(preloaded.keySet());
        ids.addAll(previous.preloaded.keySet());
        for (String id : ids) {
            if (!Objects.equals(preloaded.get(id), previous.preloaded.get(id))) {
                changed.add(id);
            }
        }
        return changed;
    }

    /** @return {@code <home>/certd}, which holds the index and the certificate directory */
    Path certd() {
        return home.resolve("certd");
    }

    /** @return {@code <home>/certd/certs} */
    Path certificateDirectory() {
        return certd().resolve("certs");
    }

    private record PreloadedEntry(String id, Path file) {
        static PreloadedEntry parse(String entry) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw malformed(entry, "it must have the form id=file:///absolute/path");
            }
            String id = entry.substring(0, equals).trim();
            String uriText = entry.substring(equals + 1).trim();
            try {
                StoreFileName.requireValidId(id);
            } catch (IllegalArgumentException e) {
                throw malformed(entry, e.getMessage());
            }
            return new PreloadedEntry(id, fileOf(entry, uriText));
        }

        private static Path fileOf(String entry, String uriText) {
            URI uri;
            try {
                uri = new URI(uriText);
            } catch (URISyntaxException e) {
                throw malformed(entry, "the location is not a URI (" + e.getReason() + ")");
            }
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                throw malformed(entry, "the location must be a file: URI such as file:///etc/edge/ca.pem");
            }
            if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                throw malformed(entry, "the file: URI must hold an absolute path, as in file:///etc/edge/ca.pem");
            }
            if (uri.getAuthority() != null && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
                throw malformed(entry, "the file: URI must not name a host");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw malformed(entry, "the file: URI must not have a query or fragment");
            }
            return Path.of(uri.getPath()).normalize();
        }

        private static IllegalArgumentException malformed(String entry, String rule) {
            return new IllegalArgumentException(CertificateStoreConfig.PID + ": " + PRELOADED_CERTS
                    + " entry \"" + entry + "\" is rejected: " + rule);
        }
    }
}
