package org.edgepki.console.pages;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Outcomes of actions (a renewal) kept for the page the browser is redirected to, by a random
 * reference, so no message text ever travels in a URL. The newest few are kept.
 */
final class Notices {
    private static final int KEPT = 32;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Notice> notices = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Notice> eldest) {
            return size() > KEPT;
        }
    };

    /** One outcome; {@code ok} false for a failure. */
    record Notice(boolean ok, String text) {
    }

    synchronized String add(boolean ok, String text) {
        byte[] reference = new byte[12];
        random.nextBytes(reference);
        String key = HexFormat.of().formatHex(reference);
        notices.put(key, new Notice(ok, text));
        return key;
    }

    synchronized Optional<Notice> find(String reference) {
        return Optional.ofNullable(notices.get(reference));
    }
}
