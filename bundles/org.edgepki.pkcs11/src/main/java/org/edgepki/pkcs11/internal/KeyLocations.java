package org.edgepki.pkcs11.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * Key locations on a token as {@code pkcs11:} URIs: the base slot's token attributes plus
 * {@code object=<key id>;type=private}. A location never holds a PIN, so it can be shown and
 * logged; the PIN comes from the configuration.
 */
final class KeyLocations {
    private KeyLocations() {
    }

    /** @return the location of a key id on the token the base slot names */
    static URI onBaseSlot(Pkcs11Uri baseSlot, String keyId) {
        Map<String, String> path = new LinkedHashMap<>(baseSlot.path());
        path.keySet().removeAll(java.util.Set.of("object", "id", "type"));
        path.put("object", keyId);
        path.put("type", "private");
        return URI.create(format(path));
    }

    /** Parses a location, turning a malformed one into an error that never shows a PIN. */
    static Pkcs11Uri parse(String keyId, URI location) throws KeyException {
        try {
            return Pkcs11Uri.parse(location.toString());
        } catch (IllegalArgumentException e) {
            throw new KeyException(shown(location), "is not a valid PKCS#11 URI (RFC 7512): " + e.getMessage()
                    + " (key " + keyId + ")", false, null);
        }
    }

    /** @return the URI as it may be shown: the value of {@code pin-value} replaced */
    static String shown(Object location) {
        return Pkcs11Uri.redact(String.valueOf(location));
    }

    /** @return the token-selecting part of a URI: its path without object, id and type */
    static String tokenPart(Pkcs11Uri uri) {
        Map<String, String> path = new LinkedHashMap<>(uri.path());
        path.keySet().removeAll(java.util.Set.of("object", "id", "type"));
        return format(path);
    }

    /** @return the same URI without its query (PIN, PIN source, module) */
    static URI withoutQuery(Pkcs11Uri uri) {
        return URI.create(format(uri.path()));
    }

    private static String format(Map<String, String> path) {
        StringBuilder text = new StringBuilder(Pkcs11Uri.SCHEME);
        path.forEach((name, value) -> text.append(text.length() > Pkcs11Uri.SCHEME.length() ? ";" : "")
                .append(name).append('=').append(encode(value)));
        return text.toString();
    }

    /** RFC 7512 percent-encoding: everything but unreserved characters is encoded. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
