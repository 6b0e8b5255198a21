package org.edgepki.console.pages;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.owasp.encoder.Encode;

/**
 * What a page answers; the adapter writes it out. HTML is a fragment: the Web Console wraps it in
 * its own template.
 *
 * @param status the HTTP status
 * @param contentType the content type, with its charset
 * @param headers further headers
 * @param body the body
 */
public record PageResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    private static final String TEXT = "text/plain; charset=UTF-8";

    /** Freezes the headers. */
    public PageResponse {
        headers = Map.copyOf(headers);
    }

    /** @return the body as HTML to put inside the console's template: an error becomes a paragraph */
    public String htmlFragment() {
        String text = new String(body, StandardCharsets.UTF_8);
        return contentType.startsWith("text/html") ? text : "<p class=\"ui-state-error\">" + Encode.forHtml(text) + "</p>";
    }

    static PageResponse html(String fragment) {
        return new PageResponse(200, "text/html; charset=UTF-8", Map.of(), fragment.getBytes(StandardCharsets.UTF_8));
    }

    static PageResponse download(String fileName, String pem) {
        return new PageResponse(200, "application/x-pem-file; charset=US-ASCII",
                Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\"",
                        "X-Content-Type-Options", "nosniff"),
                pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** 303 See Other: the browser then GETs the page, so reloading never repeats a POST. */
    static PageResponse seeOther(String location) {
        return new PageResponse(303, TEXT, Map.of("Location", location), new byte[0]);
    }

    static PageResponse error(int status, String message) {
        return new PageResponse(status, TEXT, Map.of("X-Content-Type-Options", "nosniff"),
                (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
