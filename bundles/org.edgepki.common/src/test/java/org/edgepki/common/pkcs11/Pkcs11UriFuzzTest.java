package org.edgepki.common.pkcs11;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * RFC 7512 URI parsing and redaction on any text: only the declared {@link IllegalArgumentException} leaves the
 * parser, a PIN never survives redaction, {@code toString} or an error message. Regression inputs are in
 * {@code Pkcs11UriFuzzTestInputs}; {@code make fuzz} fuzzes.
 */
class Pkcs11UriFuzzTest {
    /** What may follow {@code pin-value=} once shown: the mask, then the end or the next attribute. */
    private static final Pattern SHOWN_PIN = Pattern.compile("(?i)pin-value=(?!\\*\\*\\*\\*(&|$))");

    @FuzzTest(maxDuration = "10m")
    void parse_and_redact(FuzzedDataProvider data) {
        // marked, so that a message that merely shares a word with a PIN is no finding
        String pin = "\u24df" + data.consumeString(16) + "\u24df";
        String text = data.consumeRemainingAsString();
        String redacted = Pkcs11Uri.redact(text);
        assertFalse(SHOWN_PIN.matcher(redacted).find(), redacted);
        String withPin = text + (text.contains("?") ? "&" : "?") + "pin-value=" + pin;
        assertFalse(SHOWN_PIN.matcher(Pkcs11Uri.redact(withPin)).find(), Pkcs11Uri.redact(withPin));
        try {
            Pkcs11Uri uri = Pkcs11Uri.parse(withPin);
            assertFalse(SHOWN_PIN.matcher(uri.toString()).find(), uri.toString());
            uri.queryAttribute("pin-value").ifPresent(value -> {
                if (!text.contains(value)) { // else the same text is also a label, which is shown
                    assertFalse(uri.toString().contains(value), uri.toString());
                }
            });
            try {
                uri.pinSourceFile();
            } catch (IllegalArgumentException declared) {
                // a pin-source that is no file
            }
        } catch (IllegalArgumentException declared) {
            String message = declared.getMessage();
            if (!text.contains(pin)) {
                assertFalse(message.contains(pin), message);
            }
            assertTrue(message != null && !message.isBlank());
        }
    }
}
