package org.edgepki.console.login.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.edgepki.console.access.ConsoleAccess;
import org.edgepki.console.access.ConsoleGate;
import org.edgepki.console.access.ConsoleRequest;
import org.edgepki.console.access.LoginState;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Felix Web Console 5's security provider in the edgepki runtime, which sets
 * {@code felix.webconsole.security.providers=edgepki} so the console serves nothing until this is
 * registered and its built-in admin/admin is off. Every console request passes {@link ConsoleGate}
 * (names, origin, throttled HTTP Basic login) and every answer carries its security headers.
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

    private ConsoleGate gate;

    @Activate
    void activate(BundleContext context) {
        gate = ConsoleAccess.gate(context::getProperty);
        LoginState logins = ConsoleAccess.logins(context::getProperty);
        LoginState.Login login = logins.current();
        if (login instanceof LoginState.Refused refused) {
            LOG.log(Level.ERROR, "The Web Console is not served: {0}", refused.reason());
        } else if (login instanceof LoginState.DevelopmentDefault) {
            LOG.log(Level.WARNING, "The Web Console accepts the default login admin/admin (development mode only); "
                    + logins.howToSet());
        }
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        ConsoleGate.SECURITY_HEADERS.forEach(response::setHeader);
        ConsoleGate.Verdict verdict = gate.admit(new ConsoleRequest(request.getMethod(), request.isSecure(),
                request.getHeader("Host"), request.getHeader("Origin"), request.getHeader("Referer"),
                request.getRemoteAddr(), request.getLocalAddr(), request.getHeader("Authorization")));
        if (verdict instanceof ConsoleGate.Admitted admitted) {
            request.setAttribute(REMOTE_USER, admitted.user());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return admitted.user();
        }
        ConsoleGate.Refused refused = (ConsoleGate.Refused) verdict;
        try {
            response.setStatus(refused.status());
            refused.headers().forEach(response::setHeader);
            response.setContentType("text/plain; charset=UTF-8");
            response.getWriter().write(refused.message() + "\n");
        } catch (IOException e) {
            // the client went away
        }
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic has no server-side session to end.
    }
}
