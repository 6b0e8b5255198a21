package org.edgepki.config.toml.internal.apply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * Keeps every secret of config.toml out of Config Admin, whose data (its files, Web Console's
 * configuration page and status dump, Kura's snapshots) is readable far more widely than a 0600 file:
 * each password becomes a file and the property {@code <name>_file} that names it, and each PKCS#11
 * {@code pin-value} becomes a file and the standard {@code pin-source} (RFC 7512 §2.4). The files are
 * written, 0600 in a 0700 directory, before the configurations that name them.
 *
 * @param plan the plan with references in place of secrets
 * @param files each secret file to write and its content
 */
public record SecretReferences(List<PlannedConfiguration> plan, Map<Path, String> files) {
    /** The suffix of a property that names a password file. */
    public static final String FILE_SUFFIX = "_file";

    /** Freezes both. */
    public SecretReferences {
        plan = List.copyOf(plan);
        files = Map.copyOf(files);
    }

    /**
     * @param plan what config.toml asks for, secrets included
     * @param file names the file of a secret: (what it is for, the secret) to a path; the same pair must give
     *     the same path, and another secret another path, so that a changed secret is a changed configuration
     * @return the plan without secrets, and the files to write
     */
    public static SecretReferences of(List<PlannedConfiguration> plan, BiFunction<String, String, Path> file) {
        Map<Path, String> files = new LinkedHashMap<>();
        List<PlannedConfiguration> referenced = new ArrayList<>();
        for (PlannedConfiguration planned : plan) {
            Set<String> managed = new TreeSet<>(planned.managedKeys());
            Map<String, Object> values = new LinkedHashMap<>();
            for (String key : planned.managedKeys()) {
                if (isPassword(key)) {
                    managed.add(key + FILE_SUFFIX);
                }
            }
            planned.values().forEach((key, value) -> {
                String purpose = planned.displayName() + "." + key;
                if (isPassword(key)) {
                    Path path = file.apply(purpose, value.toString());
                    files.put(path, value.toString());
                    values.put(key + FILE_SUFFIX, path.toString());
                } else if (value instanceof String text) {
                    values.put(key, withPinSource(text, purpose, file, files));
                } else if (value instanceof String[] entries) {
                    String[] replaced = new String[entries.length];
                    for (int i = 0; i < entries.length; i++) {
                        replaced[i] = withPinSource(entries[i], purpose + "." + entryName(entries[i], i), file, files);
                    }
                    values.put(key, replaced);
                } else {
                    values.put(key, value);
                }
            });
            referenced.add(new PlannedConfiguration(planned.pid(), planned.name(), managed, values));
        }
        return new SecretReferences(referenced, files);
    }

    /** {@code password}, {@code est_password}: the properties that hold a password. */
    static boolean isPassword(String key) {
        return key.equals("password") || key.endsWith("_password");
    }

    /** A PKCS#11 URI (or {@code id=URI} entry) with {@code pin-source} to a file in place of its {@code pin-value}. */
    private static String withPinSource(String text, String purpose, BiFunction<String, String, Path> file,
            Map<Path, String> files) {
        int scheme = text.toLowerCase(Locale.ROOT).indexOf(Pkcs11Uri.SCHEME);
        int question = text.indexOf('?');
        if (scheme < 0 || question < scheme) {
            return text;
        }
        String[] attributes = text.substring(question + 1).split("&", -1);
        for (int i = 0; i < attributes.length; i++) {
            if (attributes[i].toLowerCase(Locale.ROOT).startsWith("pin-value=")) {
                String pin = Pkcs11Uri.parse(text.substring(scheme)).queryAttribute("pin-value").orElseThrow();
                Path path = file.apply(purpose + ".pin", pin);
                files.put(path, pin);
                attributes[i] = "pin-source=" + percentEncoded(path.toString());
            }
        }
        return text.substring(0, question + 1) + String.join("&", attributes);
    }

    private static String entryName(String entry, int index) {
        int equals = entry.indexOf('=');
        return equals > 0 ? entry.substring(0, equals) : Integer.toString(index);
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters and '/'. */
    private static String percentEncoded(String path) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
