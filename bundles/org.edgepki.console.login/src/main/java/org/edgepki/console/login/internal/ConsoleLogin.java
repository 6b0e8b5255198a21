package org.edgepki.console.login.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.edgepki.common.files.StateHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The Web Console's login in the edgepki runtime (HTTP Basic), which sets
 * {@code felix.webconsole.security.providers=edgepki} so the console serves nothing until this is
 * registered and its built-in admin/admin is off. See {@link LoginState} for what is accepted;
 * when the console is refused, every request gets a 503 page that says how to set a password.
 */
@Component(service = SecurityProvider.class, property = {
    SecurityProvider.PROPERTY_ID + "=" + ConsoleLogin.ID, "service.ranking:Integer=100"
})
public final class ConsoleLogin implements SecurityProvider {
    static final String ID = "edgepki";
    /** Felix HTTP (and the Servlet whiteboard) read the user of {@code getRemoteUser()} from here. */
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";
    private static final String AUTHENTICATION_TYPE = "org.osgi.service.http.authentication.type";
    private static final Logger LOG = System.getLogger(ConsoleLogin.class.getName());
    private static final int REMEMBERED = 16;

    private LoginState state;
    /** SHA-256 of Authorization headers already verified against the current login: PBKDF2 runs once per login. */
    private final Set<String> verified = new LinkedHashSet<>();
    private LoginState.Login verifiedFor;

    @Activate
    void activate(BundleContext context) {
        state = new LoginState(StateHome.resolve(null, context::getProperty), "1".equals(context.getProperty("edgepki.dev")));
        LoginState.Login login = state.current();
        if (login instanceof LoginState.Refused refused) {
            LOG.log(Level.ERROR, "The Web Console is not served: {0}", refused.reason());
        } else if (login instanceof LoginState.DevelopmentDefault) {
            LOG.log(Level.WARNING, "The Web Console accepts the default login admin/admin (development mode only); "
                    + LoginState.HOW_TO_SET);
        }
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        LoginState.Login login = state.current();
        try {
            if (login instanceof LoginState.Refused refused) {
                refuse(response, refused.reason());
                return null;
            }
            String user = verify(login, request.getHeader("Authorization"));
            if (user == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"edgepki Web Console\", charset=\"UTF-8\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return null;
            }
            request.setAttribute(REMOTE_USER, user);
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return user;
        } catch (IOException e) {
            return null; // the client went away
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic has no server-side session to end.
    }

    /** @return the user if the header carries the login's credentials, else null */
    private String verify(LoginState.Login login, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String fingerprint = fingerprint(authorization);
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
        char[] credentials = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        Arrays.fill(decoded, (byte) 0);
        try {
            int colon = indexOf(credentials, ':');
            if (colon < 0) {
                return null;
            }
            String user = new String(credentials, 0, colon);
            synchronized (verified) {
                if (verifiedFor != login) {
                    verified.clear();
                    verifiedFor = login;
                }
                if (verified.contains(fingerprint)) {
                    return user;
                }
            }
            char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
            boolean ok;
            try {
                ok = login instanceof LoginState.Password stored ? stored.password().matches(user, password)
                        : user.equals(LoginState.DEFAULT_USER) && Arrays.equals(password, LoginState.DEFAULT_PASSWORD.toCharArray());
            } finally {
                Arrays.fill(password, '\0');
            }
            if (!ok) {
                return null;
            }
            synchronized (verified) {
                if (verified.size() >= REMEMBERED) {
                    verified.remove(verified.iterator().next());
                }
                verified.add(fingerprint);
            }
            return user;
        } finally {
            Arrays.fill(credentials, '\0');
        }
    }

    private static void refuse(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().write("The edgepki Web Console is not served: " + reason + "\n");
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String fingerprint(String authorization) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
