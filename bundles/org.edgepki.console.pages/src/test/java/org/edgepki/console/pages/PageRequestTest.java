package org.edgepki.console.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    @Test
    void the_path_below_the_plugin_and_the_first_parameter_values_are_kept() {
        PageRequest request = PageRequest.of("GET", "/edgepki-certificates/chain.pem",
                Map.of("id", new String[] {"aziot-edged-ca", "ignored"}), null, "gw:8080", "null", "http://gw:8080/x",
                null, "/system/console", "edgepki-certificates");
        assertEquals("/chain.pem", request.path());
        assertEquals("aziot-edged-ca", request.parameter("id"));
        assertEquals("", request.user());
        assertEquals(Optional.of("http://gw:8080/x"), request.origin(), "an opaque Origin falls back to the Referer");
        assertEquals("/system/console/edgepki-certificates", request.pluginRoot());
        assertFalse(request.templated(), "a download is sent as it is");
    }

    @Test
    void the_page_itself_goes_into_the_consoles_template_and_posts_never_do() {
        assertTrue(PageRequest.of("GET", "/edgepki-checks", Map.of(), "admin", "", null, null,
                "/system/console/edgepki-checks", "/system/console", "edgepki-checks").templated());
        assertFalse(PageRequest.of("POST", "/edgepki-certificates/renew", Map.of(), "admin", "", null, null, null,
                "/system/console", "edgepki-certificates").templated());
    }

    @Test
    void an_error_inside_the_template_is_an_escaped_paragraph() {
        assertEquals("<p class=\"ui-state-error\">No &lt;such&gt; page\n</p>",
                PageResponse.error(404, "No <such> page").htmlFragment());
    }
}
