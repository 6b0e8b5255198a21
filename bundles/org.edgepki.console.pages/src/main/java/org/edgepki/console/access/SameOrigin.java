package org.edgepki.console.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A request that changes something must come from the console's own pages: its {@code Origin}
 * (else its {@code Referer}) must be the scheme, host and port the request was sent to. Browsers
 * send one of them on every cross-site form post and script request, so a request with neither is
 * refused too. This covers every console URL, Web Console's own (configuration, bundle install)
 * included, whose cached HTTP Basic credentials a browser would otherwise send on another site's
 * form post.
 */
final class SameOrigin {
    private SameOrigin() {
    }

    /**
     * @param request a request that changes state
     * @return why it is refused, or empty when it comes from the console's own origin
     */
    static Optional<String> refusal(ConsoleRequest request) {
        String sender = request.origin() != null ? request.origin() : request.referer();
        if (sender == null) {
            return Optional.of("a request that changes something must say where it comes from (Origin or Referer);"
                    + " send it from the console's own pages");
        }
        if (!same(sender, request)) {
            return Optional.of("the request comes from another site ("
                    + (sender.length() > 100 ? sender.substring(0, 100) + "…" : sender) + ")");
        }
        return Optional.empty();
    }

    private static boolean same(String sender, ConsoleRequest request) {
        if (request.host() == null) {
            return false;
        }
        try {
            URI from = new URI(sender);
            URI to = new URI((request.secure() ? "https" : "http") + "://" + request.host() + "/");
            return from.getScheme() != null && from.getHost() != null && to.getHost() != null
                    && from.getScheme().toLowerCase(Locale.ROOT).equals(to.getScheme())
                    && from.getHost().equalsIgnoreCase(to.getHost()) && port(from) == port(to);
        } catch (URISyntaxException e) {
            return false; // "null" (an opaque origin) or not a URL
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
