package org.edgepki.console.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.junit.jupiter.api.Test;

/** Showing the Checks page never reaches out; running every check takes a POST with the page's token. */
class ChecksPageTest {
    private static final String ROOT = "/system/console/edgepki-checks";
    private final ChecksPage page = new ChecksPage();
    /** Counts what the page asks of the runner (the real runner is CheckRunnerTest's and the itests'). */
    private final CountingChecks checks = new CountingChecks();

    @Test
    void a_page_view_runs_only_local_checks_and_shows_the_last_full_run() {
        String html = body(page.handle(get(""), checks));
        assertEquals(1, checks.local);
        assertEquals(0, checks.all);
        assertTrue(html.contains("have not run since the start"), html);

        assertEquals(303, page.handle(post(token(html), "http://127.0.0.1:8080"), checks).status());
        assertEquals(1, checks.all);
        html = body(page.handle(get(""), checks));
        assertEquals(1, checks.all);
        assertTrue(html.contains("last ran at <span class=\"reached-at\">2026-12-07T08:00:00Z</span>"), html);
        assertTrue(html.contains("data-check=\"est-server\""), html);
        assertTrue(html.contains("data-check=\"console-login\""), html);
    }

    @Test
    void running_every_check_needs_the_pages_token_and_origin() {
        String token = token(body(page.handle(get(""), checks)));
        assertEquals(403, page.handle(post("", "http://127.0.0.1:8080"), checks).status());
        assertEquals(403, page.handle(post(token, "http://evil.example"), checks).status());
        assertEquals(404, page.handle(new PageRequest("GET", "/run", Map.of(), "admin", "127.0.0.1:8080", Optional.empty(),
                ROOT), checks).status());
        assertEquals(0, checks.all);
    }

    private static PageRequest get(String path) {
        return new PageRequest("GET", path, Map.of(), "admin", "127.0.0.1:8080", Optional.empty(), ROOT);
    }

    private static PageRequest post(String token, String origin) {
        return new PageRequest("POST", "/run", Map.of(CsrfTokens.FIELD, token), "admin", "127.0.0.1:8080",
                Optional.of(origin), ROOT);
    }

    private static String body(PageResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String token(String html) {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(matcher.find(), html);
        return matcher.group(1);
    }

    private static final class CountingChecks implements CheckService {
        int all;
        int local;
        Optional<CheckReport> last = Optional.empty();

        @Override
        public CheckReport run() {
            all++;
            last = Optional.of(new CheckReport(Instant.parse("2026-12-07T08:00:00Z"),
                    List.of(Finding.ok("est-server", "https://est.example", "reached"))));
            return new CheckReport(Instant.parse("2026-12-07T08:00:00Z"), List.of());
        }

        @Override
        public CheckReport runLocal() {
            local++;
            return new CheckReport(Instant.now(), List.of(Finding.ok("console-login", "login", "set")));
        }

        @Override
        public Optional<CheckReport> lastReachingOut() {
            return last;
        }
    }
}
