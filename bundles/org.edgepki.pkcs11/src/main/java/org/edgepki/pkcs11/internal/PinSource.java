package org.edgepki.pkcs11.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.edgepki.api.key.KeyException;
import org.edgepki.common.files.SecretFile;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * The PIN a PKCS#11 URI gives: {@code pin-value}, or the first line of the file {@code pin-source}
 * names (RFC 7512 §2.4), as a {@code file:} URI or an absolute path. Messages name the URI without
 * its PIN and never contain the PIN.
 */
final class PinSource {
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
        Path file;
        try {
            Optional<Path> source = uri.pinSourceFile();
            if (source.isEmpty()) {
                return Optional.empty();
            }
            file = source.get();
        } catch (IllegalArgumentException e) {
            throw new KeyException(shown, e.getMessage());
        }
        try {
            return Optional.of(SecretFile.read(file));
        } catch (IOException e) {
            throw new KeyException(shown, "pin-source " + e.getMessage(), false, null);
        }
    }
}
