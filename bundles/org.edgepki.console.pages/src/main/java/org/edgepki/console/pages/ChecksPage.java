package org.edgepki.console.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.owasp.encoder.Encode;

/**
 * The console's Checks page ({@value #LABEL}). Showing it runs only the checks that stay on the
 * gateway; the findings of those that reach out (an EST server, a token login) are the last full
 * run's, with its time. "Run all checks" is a POST with the page's CSRF token, which runs them all
 * and redirects back, so neither a page view, a preloading browser nor another site can make the
 * gateway dial out or spend a token's PIN tries.
 */
public final class ChecksPage {
    /** The Web Console label: the page is {@code /system/console/edgepki-checks}. */
    public static final String LABEL = "edgepki-checks";
    /** The page title in the console's menu. */
    public static final String TITLE = "Checks";
    private final CsrfTokens csrf = new CsrfTokens();
    private final Notices notices = new Notices();

    /**
     * @param request the request below the plugin's path
     * @param checks the check runner, or null when it is not running
     * @return the page, or an error
     */
    public PageResponse handle(PageRequest request, CheckService checks) {
        boolean page = request.path().isEmpty() || request.path().equals("/");
        if (!(page && request.method().equals("GET")) && !(request.method().equals("POST") && request.path().equals("/run"))) {
            return PageResponse.error(404, "No such page: " + request.method() + " " + request.path());
        }
        if (checks == null) {
            return PageResponse.error(503, "The check runner (bundle org.edgepki.check) is not running.");
        }
        try {
            return request.method().equals("POST") ? runAll(request, checks) : show(request, checks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PageResponse.error(503, "Interrupted while the checks ran.");
        }
    }

    private PageResponse runAll(PageRequest request, CheckService checks) throws InterruptedException {
        Optional<String> refusal = csrf.refusal(request);
        if (refusal.isPresent()) {
            return PageResponse.error(403, "Checks not run: " + refusal.get());
        }
        CheckReport report = checks.run();
        String notice = notices.add(report.worst() != Severity.ERROR, "Ran every check at " + report.ranAt() + ": "
                + report.count(Severity.ERROR) + " error(s), " + report.count(Severity.WARNING) + " warning(s).");
        return PageResponse.seeOther(request.pluginRoot() + "?notice=" + notice);
    }

    private PageResponse show(PageRequest request, CheckService checks) throws InterruptedException {
        CheckReport local = checks.runLocal();
        Optional<CheckReport> reachingOut = checks.lastReachingOut();
        List<Finding> findings = new ArrayList<>(local.findings());
        reachingOut.ifPresent(report -> findings.addAll(report.findings()));
        findings.sort(Comparator.comparing(Finding::check).thenComparing(Finding::subject));
        CheckReport shown = new CheckReport(local.ranAt(), findings);
        StringBuilder html = new StringBuilder("<div id=\"edgepki-checks\">");
        notices.find(request.parameter("notice")).ifPresent(notice -> html.append("<p class=\"")
                .append(notice.ok() ? "edgepki-notice ui-state-highlight" : "edgepki-notice ui-state-error")
                .append("\" role=\"status\">").append(Encode.forHtml(notice.text())).append("</p>"));
        html.append("<p class=\"statline\">").append(shown.count(Severity.OK)).append(" ok, ")
                .append(shown.count(Severity.WARNING)).append(" warning(s), ").append(shown.count(Severity.ERROR))
                .append(" error(s). Local checks ran at ").append(local.ranAt()).append("; checks that reach out (EST")
                .append(" servers, tokens) ").append(reachingOut.map(report -> "last ran at <span class=\"reached-at\">"
                        + report.ranAt() + "</span>").orElse("have not run since the start"))
                .append(".</p><form class=\"run-all\" method=\"post\" action=\"")
                .append(Encode.forHtmlAttribute(request.pluginRoot() + "/run")).append("\"><input type=\"hidden\" name=\"")
                .append(CsrfTokens.FIELD).append("\" value=\"").append(Encode.forHtmlAttribute(csrf.tokenFor(request.user())))
                .append("\"><button type=\"submit\">Run all checks</button></form>")
                .append("<table class=\"nicetable edgepki-checks\"><thead><tr><th>Result</th><th>Check</th>")
                .append("<th>Subject</th><th>Finding</th><th>How to fix</th></tr></thead><tbody>");
        for (Finding finding : shown.findings()) {
            String severity = finding.severity().name().toLowerCase(Locale.ROOT);
            html.append("<tr class=\"").append(severity).append("\" data-check=\"").append(Encode.forHtmlAttribute(finding.check()))
                    .append("\"><td class=\"severity\">").append(symbol(finding.severity())).append(' ').append(severity)
                    .append("</td><td>").append(Encode.forHtml(finding.check())).append("</td><td>")
                    .append(Encode.forHtml(finding.subject())).append("</td><td>").append(Encode.forHtml(finding.message()))
                    .append("</td><td>").append(Encode.forHtml(finding.fix())).append("</td></tr>");
        }
        return PageResponse.html(html.append("</tbody></table></div>").toString());
    }

    private static String symbol(Severity severity) {
        return switch (severity) {
            case OK -> "✔";
            case WARNING -> "‼";
            case ERROR -> "✖";
        };
    }
}
