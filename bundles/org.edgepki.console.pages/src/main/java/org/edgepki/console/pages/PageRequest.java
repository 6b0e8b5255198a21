package org.edgepki.console.pages;

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

    /** Freezes the parameters. */
    public PageRequest {
        parameters = Map.copyOf(parameters);
    }

    /**
     * @param name a parameter name
     * @return its value, or {@code ""}
     */
    public String parameter(String name) {
        return parameters.getOrDefault(name, "");
    }
}
