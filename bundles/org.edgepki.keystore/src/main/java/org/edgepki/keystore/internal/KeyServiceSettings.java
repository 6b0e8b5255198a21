package org.edgepki.keystore.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.edgepki.common.files.StoreFileName;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * The key service's validated configuration.
 *
 * @param preloadedKeys key ids configured to live at a given URI; never written by edgepki
 * @param baseScheme the scheme of the provider that stores every other key
 * @param providerTimeout how long a call waits for a missing key provider
 */
record KeyServiceSettings(Map<String, URI> preloadedKeys, String baseScheme, Duration providerTimeout) {
    static final String PRELOADED_KEYS = "preloaded_keys";
    static final String BASE_SCHEME = "base_scheme";
    static final String SERVICE_TIMEOUT_SECONDS = "service_timeout_seconds";
    static final Set<String> SCHEMES = Set.of("file", "pkcs11");
    static final int MAX_TIMEOUT_SECONDS = 3600;

    static final KeyServiceSettings DEFAULTS = new KeyServiceSettings(Map.of(), "file", Duration.ofSeconds(10));

    KeyServiceSettings {
        preloadedKeys = Map.copyOf(preloadedKeys);
    }

    /**
     * @param preloadedKeys entries {@code id=URI}; blank entries are ignored
     * @param baseScheme {@code file} or {@code pkcs11}
     * @param timeoutSeconds 0 to {@value #MAX_TIMEOUT_SECONDS}
     * @return the settings
     * @throws IllegalArgumentException naming the attribute (and entry) that is invalid; PINs in
     *     URIs are redacted
     */
    static KeyServiceSettings parse(String[] preloadedKeys, String baseScheme, int timeoutSeconds) {
        Map<String, URI> preloaded = new LinkedHashMap<>();
        for (String entry : preloadedKeys == null ? new String[0] : preloadedKeys) {
            // Metatype editors (the Web Console) submit an empty field as an empty entry.
            if (entry != null && !entry.isBlank()) {
                parseEntry(entry, preloaded);
            }
        }
        String scheme = baseScheme == null ? "" : baseScheme.trim();
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException(BASE_SCHEME + " '" + scheme + "' is not valid: use file or pkcs11");
        }
        if (timeoutSeconds < 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(SERVICE_TIMEOUT_SECONDS + " " + timeoutSeconds
                    + " is not valid: use 0 to " + MAX_TIMEOUT_SECONDS);
        }
        return new KeyServiceSettings(preloaded, scheme, Duration.ofSeconds(timeoutSeconds));
    }

    private static void parseEntry(String entry, Map<String, URI> preloaded) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw invalid(entry, "an entry is id=URI, for example device-id=file:///var/secrets/device-id.key.pem");
        }
        String id = entry.substring(0, equals).trim();
        String uriText = entry.substring(equals + 1).trim();
        try {
            StoreFileName.requireValidId(id);
        } catch (IllegalArgumentException e) {
            throw invalid(entry, e.getMessage());
        }
        if (preloaded.containsKey(id)) {
            throw invalid(entry, "the key id '" + id + "' is preloaded twice");
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw invalid(entry, "the URI does not parse (at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw invalid(entry, "the URI scheme must be file or pkcs11");
        }
        if ("file".equals(scheme) && (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")
                || uri.getAuthority() != null || uri.getQuery() != null || uri.getFragment() != null)) {
            throw invalid(entry, "a file URI names an absolute path and nothing else: file:///path/to/key.pem");
        }
        if ("pkcs11".equals(scheme) && uri.getSchemeSpecificPart().isBlank()) {
            throw invalid(entry, "a pkcs11 URI names the key: pkcs11:token=...;object=...");
        }
        preloaded.put(id, uri);
    }

    private static IllegalArgumentException invalid(String entry, String rule) {
        return new IllegalArgumentException(PRELOADED_KEYS + " entry '" + Pkcs11Uri.redact(String.valueOf(entry))
                + "' is not valid: " + rule);
    }
}
