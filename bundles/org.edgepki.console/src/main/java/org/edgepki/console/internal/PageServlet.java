package org.edgepki.console.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.edgepki.console.pages.PageRequest;
import org.edgepki.console.pages.PageResponse;
import org.owasp.encoder.Encode;

/**
 * Translates Web Console requests for one plugin into {@link PageRequest}s and writes the
 * {@link PageResponse}. The console wraps a GET without a file extension in its page template and
 * has written the template's head already, so such answers are always written as HTML text.
 */
abstract class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String label;

    PageServlet(String label) {
        this.label = label;
    }

    /** @return the page's answer */
    abstract PageResponse answer(PageRequest request);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageResponse answer = answer(pageRequest(request));
        response.setHeader("Cache-Control", "no-store");
        if (request.getMethod().equals("GET") && templated(request)) {
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            response.getWriter().write(answer.contentType().startsWith("text/html") ? body
                    : "<p class=\"ui-state-error\">" + Encode.forHtml(body) + "</p>");
            return;
        }
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        answer.headers().forEach(response::setHeader);
        response.getOutputStream().write(answer.body());
    }

    private PageRequest pageRequest(HttpServletRequest request) {
        Map<String, String> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values.length == 0 ? "" : values[0]));
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            origin = request.getHeader("Referer");
        }
        Object root = request.getAttribute("felix.webconsole.pluginRoot");
        return new PageRequest(request.getMethod(), below(request.getPathInfo()), parameters,
                request.getRemoteUser() == null ? "" : request.getRemoteUser(),
                request.getHeader("Host") == null ? "" : request.getHeader("Host"), Optional.ofNullable(origin),
                root != null ? root.toString() : request.getContextPath() + "/" + label);
    }

    /** {@code /edgepki-certificates/chain.pem} → {@code /chain.pem}. */
    private String below(String pathInfo) {
        String path = pathInfo == null ? "" : pathInfo;
        String prefix = "/" + label;
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    /** The Web Console's rule: a last path segment without a dot, or ending in .html, gets the template. */
    private static boolean templated(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return path.endsWith(".html") || last.indexOf('.') < 0;
    }
}
