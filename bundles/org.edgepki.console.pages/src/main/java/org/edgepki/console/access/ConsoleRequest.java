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
 * @param localAddress the console's address the request came to (an IP address)
 * @param authorization the {@code Authorization} header, or null
 */
public record ConsoleRequest(String method, boolean secure, String host, String origin, String referer,
        String remoteAddress, String localAddress, String authorization) {

    /** @return whether it came to a loopback address of the machine (127.0.0.0/8, also IPv4-mapped, or ::1) */
    public boolean toLoopback() {
        if (localAddress == null) {
            return false;
        }
        String address = localAddress.startsWith("[") && localAddress.endsWith("]")
                ? localAddress.substring(1, localAddress.length() - 1) : localAddress;
        return address.startsWith("127.") || address.startsWith("::ffff:127.") || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1");
    }

    /** @return whether the method may change something: any but GET, HEAD and OPTIONS */
    public boolean changesState() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
