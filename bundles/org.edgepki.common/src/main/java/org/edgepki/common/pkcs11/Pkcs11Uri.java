package org.edgepki.common.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PKCS#11 URI (RFC 7512): path attributes that select a token and an object, and query
 * attributes such as the PIN. Values are percent-decoded. {@link #toString()} never shows the PIN.
 *
 * @param path path attributes in the order written ({@code token}, {@code slot-id}, {@code object}, ...)
 * @param query query attributes ({@code pin-value}, {@code pin-source}, {@code module-path}, ...)
 * @param encodedPath the path attributes as written (percent-encoded), for binary values like {@code id}
 */
public record Pkcs11Uri(Map<String, String> path, Map<String, String> query, Map<String, String> encodedPath) {
    /** The scheme prefix. */
    public static final String SCHEME = "pkcs11:";
    private static final Set<String> PATH_ATTRIBUTES = Set.of("token", "manufacturer", "serial", "model",
            "library-manufacturer", "library-description", "library-version", "object", "type", "id",
            "slot-description", "slot-manufacturer", "slot-id");
    private static final Set<String> QUERY_ATTRIBUTES = Set.of("pin-source", "pin-value", "module-name",
            "module-path");
    private static final Set<String> TYPES = Set.of("public", "private", "cert", "secret-key", "data");

    public Pkcs11Uri {
        path = Collections.unmodifiableMap(new LinkedHashMap<>(path));
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        encodedPath = Collections.unmodifiableMap(new LinkedHashMap<>(encodedPath));
    }

    /**
     * Parses and checks a URI: known attribute names (or vendor {@code x-} names), each at most
     * once, valid percent-encoding, a decimal {@code slot-id}, a known {@code type}, and never both
     * {@code pin-value} and {@code pin-source}.
     *
     * @throws IllegalArgumentException naming the rule broken; the message never contains the PIN
     */
    public static Pkcs11Uri parse(String uri) {
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("a PKCS#11 URI starts with 'pkcs11:'");
        }
        String rest = uri.substring(SCHEME.length());
        int question = rest.indexOf('?');
        String pathPart = question < 0 ? rest : rest.substring(0, question);
        String queryPart = question < 0 ? "" : rest.substring(question + 1);
        Map<String, String> path = attributes(pathPart, ";", PATH_ATTRIBUTES, "path");
        Map<String, String> encodedPath = new LinkedHashMap<>();
        for (String attribute : pathPart.isEmpty() ? new String[0] : pathPart.split(";")) {
            encodedPath.put(attribute.substring(0, attribute.indexOf('=')).toLowerCase(),
                    attribute.substring(attribute.indexOf('=') + 1));
        }
        Map<String, String> query = attributes(queryPart, "&", QUERY_ATTRIBUTES, "query");
        String slotId = path.get("slot-id");
        if (slotId != null && !slotId.matches("\\d{1,19}")) {
            throw new IllegalArgumentException("slot-id must be a decimal number");
        }
        String type = path.get("type");
        if (type != null && !TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        if (query.containsKey("pin-value") && query.containsKey("pin-source")) {
            throw new IllegalArgumentException("give either pin-value or pin-source, not both");
        }
        return new Pkcs11Uri(path, query, encodedPath);
    }

    /** @return the value of a path attribute */
    public Optional<String> pathAttribute(String name) {
        return Optional.ofNullable(path.get(name));
    }

    /** @return the bytes of a path attribute, percent-decoded without a charset (for {@code id}) */
    public Optional<byte[]> pathAttributeBytes(String name) {
        String encoded = encodedPath.get(name);
        return encoded == null ? Optional.empty() : Optional.of(decodeBytes(encoded, name));
    }

    /** @return the value of a query attribute */
    public Optional<String> queryAttribute(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** @return the text with the value of every {@code pin-value} replaced by {@code ****} */
    public static String redact(String text) {
        return text.replaceAll("(?i)(pin-value=)[^&;?\\s\"',\\]]*", "$1****");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(SCHEME);
        path.forEach((name, value) -> text.append(text.length() > SCHEME.length() ? ";" : "").append(name).append('=')
                .append(value));
        String separator = "?";
        for (Map.Entry<String, String> entry : query.entrySet()) {
            text.append(separator).append(entry.getKey()).append('=')
                    .append(entry.getKey().equals("pin-value") ? "****" : entry.getValue());
            separator = "&";
        }
        return text.toString();
    }

    private static Map<String, String> attributes(String part, String separator, Set<String> known, String where) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (part.isEmpty()) {
            return attributes;
        }
        for (String attribute : part.split(separator, -1)) {
            int equals = attribute.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("each " + where + " attribute must be name=value"
                        + (equals == 0 ? "" : ", not '" + shown(attribute) + "'"));
            }
            String name = attribute.substring(0, equals).toLowerCase();
            if (!known.contains(name) && !name.startsWith("x-")) {
                throw new IllegalArgumentException("unknown " + where + " attribute '" + shown(name) + "' (RFC 7512 knows "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            String value = decode(attribute.substring(equals + 1), name);
            if (attributes.put(name, value) != null) {
                throw new IllegalArgumentException("attribute '" + name + "' is given twice");
            }
        }
        return attributes;
    }

    private static String decode(String encoded, String name) {
        return new String(decodeBytes(encoded, name), StandardCharsets.UTF_8);
    }

    private static byte[] decodeBytes(String encoded, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("attribute '" + name + "' has a '%' not followed by two hex digits");
                }
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toByteArray();
    }

    private static String shown(String text) {
        return redact(text);
    }
}
