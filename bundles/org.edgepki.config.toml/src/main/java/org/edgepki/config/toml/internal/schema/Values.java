package org.edgepki.config.toml.internal.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.common.crypto.SubjectEntries;
import org.edgepki.common.naming.DeviceNames;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/** The value rules config.toml keys share: file and key URIs, hostnames, URLs, subjects, renewal. */
final class Values {
    /** Longest subject CN (RFC 5280 ub-common-name); the hostname is the edgeHub certificate's CN. */
    static final int MAX_COMMON_NAME = DeviceNames.MAX_COMMON_NAME;
    /** DN attribute names a {@code subject} table may use. */
    static final Set<String> SUBJECT_ATTRIBUTES = SubjectEntries.documentedNames();
    private static final String FILE_RULE = "must be an absolute file URI such as \"file:///var/secrets/cert.pem\"";
    private static final String HOSTNAME_PATTERN =
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*";

    private Values() {
    }

    /** A {@code file://} URI with an absolute path. */
    static Optional<String> fileUri(TomlSection section, String key) {
        return section.string(key).flatMap(value -> checkedFileUri(section, key, value, ""));
    }

    static Optional<String> checkedFileUri(TomlSection section, String key, String value, String what) {
        String problem = fileUriProblem(value);
        if (problem != null) {
            section.error(key, what + FILE_RULE + problem);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** A key location: an absolute file URI or a well-formed PKCS#11 URI. */
    static Optional<KeyLocation> keyUri(TomlSection section, String key) {
        return section.string(key).flatMap(value -> checkedKeyUri(section, key, value));
    }

    static Optional<KeyLocation> checkedKeyUri(TomlSection section, String key, String value) {
        if (value.regionMatches(true, 0, Pkcs11Uri.SCHEME, 0, Pkcs11Uri.SCHEME.length())) {
            try {
                Pkcs11Uri.parse(value);
                return Optional.of(new KeyLocation(value));
            } catch (IllegalArgumentException e) {
                section.error(key, "is not a valid PKCS#11 URI (RFC 7512): " + e.getMessage());
                return Optional.empty();
            }
        }
        String problem = fileUriProblem(value);
        if (problem != null) {
            section.error(key, "must be an absolute file URI (\"file:///var/secrets/key.pem\") or a PKCS#11 URI"
                    + " (\"pkcs11:token=edge;object=key?pin-source=file:///etc/aziot/pin\")" + problem);
            return Optional.empty();
        }
        return Optional.of(new KeyLocation(value));
    }

    /** An RFC 1123 hostname or an IP address, at most 64 characters. */
    static Optional<String> hostname(TomlSection section, String key) {
        Optional<String> value = section.text(key);
        if (value.isEmpty()) {
            return value;
        }
        String host = value.get();
        if (host.length() > MAX_COMMON_NAME) {
            section.error(key, "must be at most 64 characters (it becomes a certificate CN), not " + host.length());
            return Optional.empty();
        }
        if (!host.matches(HOSTNAME_PATTERN) && !isIpAddress(host)) {
            section.error(key, "\"" + host + "\" is not a valid hostname (RFC 1123: letters, digits and '-' in"
                    + " dot-separated labels of 1–63 characters, no leading or trailing '-') or IP address");
            return Optional.empty();
        }
        return Optional.of(host);
    }

    /** An {@code https://} URL with a host. */
    static Optional<String> httpsUrl(TomlSection section, String key) {
        return section.text(key).flatMap(value -> checkedHttpsUrl(section, key, value));
    }

    static Optional<String> checkedHttpsUrl(TomlSection section, String key, String value) {
        try {
            URI uri = new URI(value);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return Optional.of(value);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        section.error(key, "must be an https:// URL with a host and no user name in it, such as"
                + " \"https://est.example.org/.well-known/est\"");
        return Optional.empty();
    }

    /** A whole number of days, at least one. */
    static Optional<Integer> days(TomlSection section, String key) {
        Optional<Long> value = section.integer(key);
        if (value.isPresent() && (value.get() < 1 || value.get() > 36500)) {
            section.error(key, "must be a number of days from 1 to 36500, not " + value.get());
            return Optional.empty();
        }
        return value.map(Long::intValue);
    }

    /**
     * The requested subject: {@code common_name} or a {@code subject} table (not both); the subject
     * table keeps its order and must hold a CN.
     */
    static Optional<DistinguishedName> subject(TomlSection section) {
        Optional<String> commonName = section.text("common_name");
        boolean hasSubject = section.has("subject");
        if (commonName.isPresent() && hasSubject) {
            section.error("subject", "give either common_name or subject, not both");
            return Optional.empty();
        }
        if (commonName.isPresent()) {
            if (commonName.get().length() > MAX_COMMON_NAME) {
                section.error("common_name", "must be at most 64 characters, not " + commonName.get().length());
                return Optional.empty();
            }
            return Optional.of(DistinguishedName.commonName(commonName.get()));
        }
        if (!hasSubject) {
            return Optional.empty();
        }
        Optional<TomlSection> table = section.table("subject");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        List<String> entries = new ArrayList<>();
        boolean valid = true;
        for (String attribute : table.get().keys()) {
            Optional<String> value = table.get().text(attribute);
            if (!SUBJECT_ATTRIBUTES.contains(attribute)) {
                table.get().error(attribute, "is not a subject attribute; use one of "
                        + String.join(", ", SUBJECT_ATTRIBUTES.stream().sorted().toList()) + " (upper case)");
                valid = false;
            } else if (value.isEmpty()) {
                valid = false;
            } else if (attribute.equals("CN") && value.get().length() > MAX_COMMON_NAME) {
                table.get().error(attribute, "must be at most 64 characters, not " + value.get().length());
                valid = false;
            } else {
                entries.add(attribute + "=" + value.get());
            }
        }
        if (valid && entries.stream().noneMatch(entry -> entry.startsWith("CN="))) {
            table.get().tableError("a subject needs a CN");
            valid = false;
        }
        return valid ? Optional.of(new DistinguishedName(entries)) : Optional.empty();
    }

    /** An {@code auto_renew} table: {@code rotate_key}, {@code threshold} and {@code retry}, all required. */
    static Optional<RenewalPolicy> autoRenew(TomlSection parent, String key) {
        Optional<TomlSection> table = parent.table(key);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection renew = table.get();
        Optional<Boolean> rotateKey = renew.bool("rotate_key");
        Optional<RenewalTime> threshold = renewalTime(renew, "threshold");
        Optional<RenewalTime> retry = renewalTime(renew, "retry");
        boolean complete = true;
        for (String required : List.of("rotate_key", "threshold", "retry")) {
            if (!renew.has(required)) {
                renew.tableError("needs " + required + " (e.g. rotate_key = true, threshold = \"80%\", retry = \"4%\")");
                complete = false;
            }
        }
        renew.warnUnknownKeys();
        if (!complete || rotateKey.isEmpty() || threshold.isEmpty() || retry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RenewalPolicy(rotateKey.get(), threshold.get(), retry.get()));
    }

    private static Optional<RenewalTime> renewalTime(TomlSection section, String key) {
        Optional<String> text = section.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<RenewalTime> time = RenewalTime.parse(text.get());
        if (time.isEmpty()) {
            section.error(key, "\"" + text.get() + "\" " + RenewalTime.RULE);
        }
        return time;
    }

    private static String fileUriProblem(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return " (\"" + Pkcs11Uri.redact(value) + "\" is not a URI: " + e.getReason() + ")";
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            return value.startsWith("/") ? " (write \"file://" + value + "\")"
                    : " (\"" + Pkcs11Uri.redact(value) + "\" is not a file URI)";
        }
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().equalsIgnoreCase("localhost")) {
            return " (\"" + value + "\" names a host; use three slashes: file:///path)";
        }
        if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getPath().length() < 2) {
            return " (the path must be absolute)";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return " (no ?query or #fragment)";
        }
        return null;
    }

    private static boolean isIpAddress(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && List.of(host.split("\\.")).stream()
                .allMatch(octet -> Integer.parseInt(octet) <= 255)
                || host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    }
}
