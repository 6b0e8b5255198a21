package org.edgepki.console.pages;

import java.util.Locale;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.owasp.encoder.Encode;

/**
 * The console's Checks page ({@value #LABEL}): runs every production readiness check each time it
 * is shown (the Run again button reloads it) and lists each finding with how to fix it.
 */
public final class ChecksPage {
    /** The Web Console label: the page is {@code /system/console/edgepki-checks}. */
    public static final String LABEL = "edgepki-checks";
    /** The page title in the console's menu. */
    public static final String TITLE = "Checks";

    /**
     * @param request the request below the plugin's path
     * @param checks the check runner, or null when it is not running
     * @return the page, or an error
     */
    public PageResponse handle(PageRequest request, CheckService checks) {
        if (!request.method().equals("GET") || !(request.path().isEmpty() || request.path().equals("/"))) {
            return PageResponse.error(404, "No such page: " + request.method() + " " + request.path());
        }
        if (checks == null) {
            return PageResponse.error(503, "The check runner (bundle org.edgepki.check) is not running.");
        }
        CheckReport report;
        try {
            report = checks.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PageResponse.error(503, "Interrupted while the checks ran.");
        }
        StringBuilder html = new StringBuilder("<div id=\"edgepki-checks\"><p class=\"statline\">")
                .append(report.count(Severity.OK)).append(" ok, ").append(report.count(Severity.WARNING)).append(" warning(s), ")
                .append(report.count(Severity.ERROR)).append(" error(s), run at ").append(report.ranAt())
                .append(". <a class=\"run-again\" href=\"").append(Encode.forHtmlAttribute(request.pluginRoot()))
                .append("\">Run again</a></p><table class=\"nicetable edgepki-checks\"><thead><tr><th>Result</th><th>Check</th>")
                .append("<th>Subject</th><th>Finding</th><th>How to fix</th></tr></thead><tbody>");
        for (Finding finding : report.findings()) {
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
