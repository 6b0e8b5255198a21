package org.edgepki.console.pages;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A console request, as the servlet adapter of either servlet API sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the path below the plugin's own, {@code ""} for the page itself, else starting with {@code /}
 * @param parameters the first value of each query or form parameter
 * @param user the authenticated console user, or {@code ""}
 * @param host the request's {@code Host} header, or {@code ""}
 * @param origin the {@code Origin} header, else the {@code Referer}, if either was sent
 * @param pluginRoot the plugin's URL path, for example {@code /system/console/edgepki-certificates}
 */
public record PageRequest(String method, String path, Map<String, String> parameters, String user, String host,
        Optional<String> origin, String pluginRoot) {

    /** The Web Console's request attribute with the plugin's URL path. */
    public static final String PLUGIN_ROOT_ATTRIBUTE = "felix.webconsole.pluginRoot";

    /** Freezes the parameters. */
    public PageRequest {
        parameters = Map.copyOf(parameters);
    }

    /**
     * Builds a request from what either servlet API gives, so the adapters only pass values on.
     *
     * @param method {@code getMethod()}
     * @param pathInfo {@code getPathInfo()}: {@code /<label>/...} under the Web Console, or null
     * @param parameters {@code getParameterMap()}
     * @param remoteUser {@code getRemoteUser()}, or null
     * @param host the {@code Host} header, or null
     * @param origin the {@code Origin} header, or null
     * @param referer the {@code Referer} header, or null
     * @param pluginRoot the {@value #PLUGIN_ROOT_ATTRIBUTE} attribute, or null
     * @param contextPath {@code getContextPath()}
     * @param label the plugin's label
     * @return the request
     */
    public static PageRequest of(String method, String pathInfo, Map<String, String[]> parameters, String remoteUser,
            String host, String origin, String referer, Object pluginRoot, String contextPath, String label) {
        Map<String, String> first = new HashMap<>();
        parameters.forEach((name, values) -> first.put(name, values.length == 0 ? "" : values[0]));
        String path = pathInfo == null ? "" : pathInfo;
        String prefix = "/" + label;
        String sender = origin == null || origin.equals("null") ? referer : origin;
        return new PageRequest(method, path.startsWith(prefix) ? path.substring(prefix.length()) : path, first,
                remoteUser == null ? "" : remoteUser, host == null ? "" : host, Optional.ofNullable(sender),
                pluginRoot != null ? pluginRoot.toString() : contextPath + "/" + label);
    }

    /**
     * The Web Console's rule: a GET whose last path segment has no dot (or ends in .html) is
     * wrapped in the console's page template, whose head is already written when the plugin runs.
     *
     * @return whether the answer goes inside the template, as {@link PageResponse#htmlFragment()}
     */
    public boolean templated() {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return method.equals("GET") && (path.endsWith(".html") || last.indexOf('.') < 0);
    }

    /**
     * @param name a parameter name
     * @return its value, or {@code ""}
     */
    public String parameter(String name) {
        return parameters.getOrDefault(name, "");
    }
}
