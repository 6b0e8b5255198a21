package org.edgepki.console.pages;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that prove a POST comes from a page this console served to the same user (the Web Console
 * itself has no CSRF protection). A token is an HMAC of the user name under a random key made when
 * the plugin starts, so it needs no session and is worthless after a restart. A request must also
 * come from the console's own origin when the browser says where it comes from.
 */
public final class CsrfTokens {
    /** The form field that carries the token. */
    public static final String FIELD = "csrf";
    private final SecretKeySpec key;

    /** Makes a fresh random key. */
    public CsrfTokens() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * @param user the console user
     * @return the token forms for this user carry
     */
    public String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("edgepki-console:" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * @param request a state-changing request
     * @return why it must be refused, or empty when its token and origin are right
     */
    public Optional<String> refusal(PageRequest request) {
        if (request.origin().isPresent() && !sameOrigin(request.origin().get(), request.host())) {
            return Optional.of("the request comes from another site (" + request.origin().get() + ")");
        }
        byte[] expected = tokenFor(request.user()).getBytes(StandardCharsets.US_ASCII);
        byte[] sent = request.parameter(FIELD).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sent)) {
            return Optional.of("the form's security token is missing or stale: reload the page and try again");
        }
        return Optional.empty();
    }

    /** {@code http://host:port} or {@code https://host:port/...} from the console's own host. */
    private static boolean sameOrigin(String origin, String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (String scheme : new String[] {"http://", "https://"}) {
            String prefix = scheme + host;
            if (origin.equals(prefix) || origin.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
