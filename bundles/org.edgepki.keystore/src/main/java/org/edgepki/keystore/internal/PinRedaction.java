package org.edgepki.keystore.internal;

import java.util.regex.Pattern;

/** Removes PINs from key URIs before they reach a message: {@code pkcs11:...?pin-value=1234}. */
final class PinRedaction {
    private static final Pattern PIN_VALUE = Pattern.compile("(?i)(pin-value=)[^&;]*");

    private PinRedaction() {
    }

    /**
     * @param uri a URI, or text that was meant to be one
     * @return the text with every {@code pin-value} replaced by {@code ***}
     */
    static String redact(Object uri) {
        return PIN_VALUE.matcher(String.valueOf(uri)).replaceAll("$1***");
    }
}
