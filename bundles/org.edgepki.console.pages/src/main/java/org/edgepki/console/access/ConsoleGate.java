package org.edgepki.console.access;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decides every Web Console request before the console sees it; the security provider of either
 * Web Console (5 on jakarta, 4 on javax) only translates. In order: the login must be usable (else
 * 503 saying how to set one); the {@code Host} must be one of the console's names
 * ({@link ConsoleHosts}, else 403); a request that came to an address beyond loopback must have come over
 * HTTPS (else 403); a request that changes something must come from the console's own
 * origin ({@link SameOrigin}, else 403); then HTTP Basic against the login, throttled
 * ({@link LoginThrottle}: 429 with {@code Retry-After}) and with at most {@value #HASHING_AT_ONCE}
 * password hashes at a time, so guessing cannot take the gateway's CPU. Every answer, the
 * console's own pages included, carries {@link #SECURITY_HEADERS}. Thread-safe.
 */
public final class ConsoleGate {
    /**
     * Headers for every console response: no framing (clickjacking), no content sniffing, and no
     * referrer to other sites. The policy is {@code same-origin}, not {@code no-referrer}: under
     * {@code no-referrer} browsers send {@code Origin: null} on the console's own form posts (Fetch
     * standard, "append a request Origin header"), which {@link SameOrigin} must refuse.
     */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "frame-ancestors 'none'",
            "Referrer-Policy", "same-origin",
            "X-Content-Type-Options", "nosniff");
    /** The {@code WWW-Authenticate} challenge. */
    public static final String CHALLENGE = "Basic realm=\"edgepki Web Console\", charset=\"UTF-8\"";
    static final int HASHING_AT_ONCE = 2;

    private final LoginState logins;
    private final ConsoleHosts hosts;
    private final LoginThrottle throttle;
    private final BasicLogin basic = new BasicLogin();
    private final Semaphore hashing = new Semaphore(HASHING_AT_ONCE);

    /** What to do with a request. */
    public sealed interface Verdict {
    }

    /**
     * Let it through.
     *
     * @param user the authenticated user
     */
    public record Admitted(String user) implements Verdict {
    }

    /**
     * Answer it here.
     *
     * @param status the HTTP status
     * @param message the plain-text body
     * @param headers further headers ({@code WWW-Authenticate}, {@code Retry-After})
     */
    public record Refused(int status, String message, Map<String, String> headers) implements Verdict {
    }

    /**
     * @param logins the console login
     * @param hosts the console's names
     * @param throttle the failed-login throttle
     */
    public ConsoleGate(LoginState logins, ConsoleHosts hosts, LoginThrottle throttle) {
        this.logins = logins;
        this.hosts = hosts;
        this.throttle = throttle;
    }

    /**
     * @param request a request to any console URL
     * @return whether it is let through, or how it is answered
     */
    public Verdict admit(ConsoleRequest request) {
        var wrongHost = hosts.refusal(request.host(), request.secure());
        if (wrongHost.isPresent()) {
            return refused(403, wrongHost.get());
        }
        if (!request.secure() && !request.toLoopback()) {
            return refused(403, "Refused: beyond loopback this console is served over HTTPS only (edgepki's runtime:"
                    + " set EDGEPKI_HTTPS_PORT; in a container, its HTTPS connector)");
        }
        LoginState.Login login = logins.current();
        if (login instanceof LoginState.Refused refused) {
            return refused(503, "The edgepki Web Console is not served: " + refused.reason());
        }
        if (request.changesState()) {
            var crossSite = SameOrigin.refusal(request);
            if (crossSite.isPresent()) {
                return refused(403, "Refused: " + crossSite.get());
            }
        }
        if (request.authorization() == null) {
            return challenge();
        }
        OptionalLong lockedOut = throttle.lockedOut(request.remoteAddress());
        if (lockedOut.isPresent()) {
            return tooMany(lockedOut.getAsLong());
        }
        BasicLogin.Outcome outcome = basic.read(login, request.authorization());
        if (outcome instanceof BasicLogin.Remembered remembered) {
            return new Admitted(remembered.user());
        }
        if (outcome instanceof BasicLogin.Missing) {
            return challenge();
        }
        if (!(outcome instanceof BasicLogin.Unverified header)) {
            throttle.failed(request.remoteAddress(), "");
            return challenge();
        }
        return verify(login, header, request.remoteAddress());
    }

    private Verdict verify(LoginState.Login login, BasicLogin.Unverified header, String address) {
        try {
            if (!hashing.tryAcquire(2, TimeUnit.SECONDS)) {
                clear(header);
                return tooMany(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clear(header);
            return tooMany(1);
        }
        boolean ok;
        try {
            ok = basic.verify(login, header);
        } finally {
            hashing.release();
        }
        if (!ok) {
            throttle.failed(address, header.user());
            return challenge();
        }
        throttle.succeeded(address);
        return new Admitted(header.user());
    }

    private static void clear(BasicLogin.Unverified header) {
        Arrays.fill(header.credentials(), '\0');
    }

    private static Refused challenge() {
        return new Refused(401, "A login is required.", Map.of("WWW-Authenticate", CHALLENGE));
    }

    private static Refused tooMany(long seconds) {
        return new Refused(429, "Too many failed logins: try again in " + seconds + " s.",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private static Refused refused(int status, String message) {
        return new Refused(status, message, Map.of());
    }
}
