package org.edgepki.console.javax.internal;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.edgepki.console.access.ConsoleAccess;
import org.edgepki.console.access.ConsoleGate;
import org.edgepki.console.access.ConsoleRequest;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Felix Web Console 4's security provider (javax.servlet, as on Eclipse Kura): the same gate as
 * Web Console 5's ({@link ConsoleGate}: names, origin, throttled HTTP Basic against edgepki's console
 * login, security headers). Web Console 4 uses it instead of its own admin/admin as soon as it is
 * registered; with the framework property {@code felix.webconsole.security.providers=edgepki} it
 * serves nothing without it. The import of Web Console 4's API is optional, so this bundle also runs
 * where there is no Web Console; then this component is never used.
 */
@Component(service = WebConsoleSecurityProvider.class, property = {
    "webconsole.security.provider.id=" + WebConsole4Login.ID, "service.ranking:Integer=100"
})
public final class WebConsole4Login implements WebConsoleSecurityProvider2 {
    static final String ID = "edgepki";
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";
    private static final String AUTHENTICATION_TYPE = "org.osgi.service.http.authentication.type";

    private ConsoleGate gate;

    @Activate
    void activate(BundleContext context) {
        gate = ConsoleAccess.gate(context::getProperty);
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        ConsoleGate.SECURITY_HEADERS.forEach(response::setHeader);
        ConsoleGate.Verdict verdict = gate.admit(new ConsoleRequest(request.getMethod(), request.isSecure(),
                request.getHeader("Host"), request.getHeader("Origin"), request.getHeader("Referer"),
                request.getRemoteAddr(), request.getLocalAddr(), request.getHeader("Authorization")));
        if (verdict instanceof ConsoleGate.Admitted admitted) {
            request.setAttribute(USER_ATTRIBUTE, admitted.user());
            request.setAttribute(REMOTE_USER, admitted.user());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return true;
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
        return false;
    }

    /** Never used by Web Console 4 with this provider; a bare user name and password get nothing. */
    @Override
    public Object authenticate(String username, String password) {
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }
}
