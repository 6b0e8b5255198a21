package org.edgepki.console.javax.internal;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.edgepki.console.pages.PageRequest;
import org.edgepki.console.pages.PageResponse;

/** Passes Web Console requests for one plugin to its page and writes the page's answer. */
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
        PageRequest page = PageRequest.of(request.getMethod(), request.getPathInfo(), request.getParameterMap(),
                request.getRemoteUser(), request.getHeader("Host"), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getAttribute(PageRequest.PLUGIN_ROOT_ATTRIBUTE),
                request.getContextPath(), label);
        PageResponse answer = answer(page);
        response.setHeader("Cache-Control", "no-store");
        if (page.templated()) {
            response.getWriter().write(answer.htmlFragment());
            return;
        }
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        answer.headers().forEach(response::setHeader);
        response.getOutputStream().write(answer.body());
    }
}
