package org.edgepki.pkcs11.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * The PIN a PKCS#11 URI gives: {@code pin-value}, or the first line of the file {@code pin-source}
 * names (RFC 7512 §2.4), as a {@code file:} URI or an absolute path. Messages name the URI without
 * its PIN and never contain the PIN.
 */
final class PinSource {
    /** A PIN file is a line; anything larger is not one. */
    private static final long MAX_PIN_FILE = 4096;

    private PinSource() {
    }

    /**
     * @param uri the parsed URI
     * @param shown the URI as it may be shown (without its PIN)
     * @return the PIN, or empty when the URI gives none
     */
    static Optional<char[]> of(Pkcs11Uri uri, String shown) throws KeyException {
        Optional<String> value = uri.queryAttribute("pin-value");
        if (value.isPresent()) {
            return Optional.of(value.get().toCharArray());
        }
        Optional<String> source = uri.queryAttribute("pin-source");
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Path file = file(source.get(), shown);
        try {
            if (Files.size(file) > MAX_PIN_FILE) {
                throw new KeyException(shown, "pin-source " + file + " is larger than 4 KiB; it should hold one line, the PIN");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String pin = (end < 0 ? content : content.substring(0, end)).replace("\r", "");
            if (pin.isEmpty()) {
                throw new KeyException(shown, "pin-source " + file + " is empty; its first line must be the PIN");
            }
            return Optional.of(pin.toCharArray());
        } catch (NoSuchFileException e) {
            throw new KeyException(shown, "pin-source " + file + " does not exist", false, null);
        } catch (IOException e) {
            throw new KeyException(shown, "pin-source " + file + " cannot be read: " + e.getClass().getSimpleName(),
                    false, null);
        }
    }

    private static Path file(String source, String shown) throws KeyException {
        if (source.startsWith("/")) {
            return Path.of(source);
        }
        try {
            URI uri = new URI(source);
            if ("file".equalsIgnoreCase(uri.getScheme()) && uri.getPath() != null && uri.getPath().startsWith("/")) {
                return Path.of(uri.getPath());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new KeyException(shown, "pin-source must be an absolute file path or file: URI");
    }
}
