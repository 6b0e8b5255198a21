package org.edgepki.console.access;

/**
 * What the console's gate looks at in a request, as the adapter of either servlet API reads it.
 *
 * @param method the HTTP method
 * @param secure whether it came over HTTPS
 * @param host the {@code Host} header, or null
 * @param origin the {@code Origin} header, or null
 * @param referer the {@code Referer} header, or null
 * @param remoteAddress the client's address
 * @param authorization the {@code Authorization} header, or null
 */
public record ConsoleRequest(String method, boolean secure, String host, String origin, String referer,
        String remoteAddress, String authorization) {

    /** @return whether the method may change something: any but GET, HEAD and OPTIONS */
    public boolean changesState() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
