package org.edgepki.common.pkcs11;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A PKCS#11 URI (RFC 7512): path attributes that select a token and an object, and query
 * attributes such as the PIN. Values are percent-decoded. {@link #toString()} and {@link #redact} never show
 * the PIN.
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
    private static final String PIN_VALUE = "pin-value";
    private static final String HIDDEN = "****";
    /** Query attributes whose values are never secret; every other value is hidden when shown. */
    private static final Set<String> SHOWN_QUERY_VALUES = Set.of("module-name", "module-path", "pin-source");
    /** An attribute name that may be shown: RFC 7512's names and vendor {@code x-} names look like this. */
    private static final Pattern SHOWN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");

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
        if (pathPart.toLowerCase(Locale.ROOT).contains(PIN_VALUE)) {
            throw new IllegalArgumentException("pin-value belongs in the query, after '?'"
                    + " (pkcs11:token=...?pin-value=...), never in the path");
        }
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

    /**
     * @return the file {@code pin-source} names (RFC 7512 §2.4), given as an absolute path or a
     *     {@code file:} URI; empty when there is no {@code pin-source}
     * @throws IllegalArgumentException if {@code pin-source} is neither
     */
    public Optional<Path> pinSourceFile() {
        Optional<String> source = queryAttribute("pin-source");
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (source.get().startsWith("/")) {
            return Optional.of(Path.of(source.get()));
        }
        try {
            URI uri = new URI(source.get());
            if ("file".equalsIgnoreCase(uri.getScheme()) && uri.getPath() != null && uri.getPath().startsWith("/")) {
                return Optional.of(Path.of(uri.getPath()));
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("pin-source must be an absolute file path or file: URI");
    }

    /**
     * The one way a PKCS#11 URI (or text configured as one) is shown: parsed into attributes, not
     * matched by pattern. In the query only {@code module-name}, {@code module-path} and
     * {@code pin-source} keep their values; any other attribute shows its name and {@code ****} (the
     * whole value, up to the next {@code &} or the end), and a piece that is not {@code name=value}
     * (a mistyped {@code pin-value:1234}) shows as {@code ****}. A {@code pin-value} written into
     * the path hides everything after it.
     *
     * @param value a URI, a {@code name=URI} entry, or any other configured value
     * @return the value as it may appear in a log, an event, a page or an exception
     */
    public static String redact(String value) {
        int question = value.indexOf('?');
        String head = question < 0 ? value : value.substring(0, question);
        int pinInPath = head.toLowerCase(Locale.ROOT).indexOf(PIN_VALUE);
        if (pinInPath >= 0) {
            return head.substring(0, pinInPath) + PIN_VALUE + "=" + HIDDEN;
        }
        if (question < 0) {
            return value;
        }
        StringJoiner query = new StringJoiner("&", head + "?", "");
        for (String attribute : value.substring(question + 1).split("&", -1)) {
            query.add(shownQueryAttribute(attribute));
        }
        return query.toString();
    }

    private static String shownQueryAttribute(String attribute) {
        int equals = attribute.indexOf('=');
        String name = equals < 0 ? attribute : attribute.substring(0, equals);
        if (equals < 0 || !SHOWN_NAME.matcher(name).matches()) {
            return HIDDEN;
        }
        return SHOWN_QUERY_VALUES.contains(name.toLowerCase(Locale.ROOT)) ? name + "=" + shownValue(attribute.substring(equals + 1))
                : name + "=" + HIDDEN;
    }

    /**
     * A value that may be shown, up to a {@code pin-value} written into it: RFC 7512 allows {@code ?} in
     * query values, so {@code module-path=/lib.so?pin-value=1234} (a mistyped {@code &}) is a module path.
     */
    private static String shownValue(String value) {
        int pin = value.toLowerCase(Locale.ROOT).indexOf(PIN_VALUE);
        return pin < 0 ? value : value.substring(0, pin) + PIN_VALUE + "=" + HIDDEN;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(SCHEME);
        path.forEach((name, value) -> text.append(text.length() > SCHEME.length() ? ";" : "").append(name).append('=')
                .append(value));
        String separator = "?";
        for (Map.Entry<String, String> entry : query.entrySet()) {
            text.append(separator).append(entry.getKey()).append('=')
                    .append(SHOWN_QUERY_VALUES.contains(entry.getKey()) ? shownValue(entry.getValue()) : HIDDEN);
            separator = "&";
        }
        return text.toString();
    }

    private static Map<String, String> attributes(String part, String separator, Set<String> known, String where) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (part.isEmpty()) {
            return attributes;
        }
        // the query holds the PIN: nothing of a query attribute is repeated but a well-formed name
        boolean echo = where.equals("path");
        for (String attribute : part.split(separator, -1)) {
            int equals = attribute.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("each " + where + " attribute must be name=value"
                        + (equals == 0 || !echo ? "" : ", not '" + attribute + "'"));
            }
            String name = attribute.substring(0, equals).toLowerCase(Locale.ROOT);
            if (!known.contains(name) && !name.startsWith("x-")) {
                throw new IllegalArgumentException("unknown " + where + " attribute"
                        + (echo || SHOWN_NAME.matcher(name).matches() ? " '" + name + "'" : "") + " (RFC 7512 knows "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            if (!echo && attribute.indexOf(';', equals) >= 0) {
                // RFC 7512 allows no ';' in a query value: it is a mistyped separator, and may hide a PIN
                throw new IllegalArgumentException("query attribute '" + name + "' holds a ';': separate query"
                        + " attributes with '&', or write a ';' in a value as %3B");
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

}
