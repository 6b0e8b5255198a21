package org.edgepki.tools.config.migrate;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule IoT Edge 1.1 applied to certificate and key locations: an absolute file path or a
 * {@code file://} URI. config.toml only takes URIs, so paths are turned into {@code file://} URIs,
 * percent-encoding what a URI path cannot hold as is.
 */
final class FileUri {
    private static final String RULE = "must be an absolute path or a file:// URI";
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
    /** RFC 3986 pchar plus '/', minus '%': everything else is percent-encoded. */
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";

    private FileUri() {
    }

    /** @return the {@code file://} URI of the location in {@code field}, which is required */
    static String of(YamlField field) throws LegacyConfigException {
        String text = field.string();
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw field.error(RULE + ", without control characters");
        }
        if (text.startsWith("/")) {
            return "file://" + encodePath(text);
        }
        if (!SCHEME.matcher(text).matches()) {
            throw field.error(RULE + "; relative paths are not allowed");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw field.error(RULE + "; the URI is malformed at index " + e.getIndex());
        }
        if (!"file".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw field.error(RULE + ", not a " + uri.getScheme() + ": URI");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !"localhost".equalsIgnoreCase(authority)) {
            throw field.error(RULE + "; a file:// URI must not name a host");
        }
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            throw field.error(RULE + "; the URI's path must be absolute (file:///...)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw field.error(RULE + "; the URI must not have a query or fragment");
        }
        return "file://" + uri.getRawPath();
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || PATH_SAFE.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
