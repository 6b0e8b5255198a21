package org.edgepki.shell.internal;

import java.util.Locale;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;

/** A check report as text for people, or as JSON for scripts ({@code edgepki check --json}). */
final class CheckReportFormat {
    private CheckReportFormat() {
    }

    static String text(CheckReport report) {
        int checkWidth = report.findings().stream().mapToInt(finding -> finding.check().length()).max().orElse(5);
        StringBuilder out = new StringBuilder("edgepki check, ").append(report.ranAt()).append('\n');
        for (Finding finding : report.findings()) {
            out.append(String.format(Locale.ROOT, "%-7s  %-" + checkWidth + "s  %s: %s%n", finding.severity(),
                    finding.check(), finding.subject(), finding.message()));
            if (!finding.fix().isEmpty()) {
                out.append(" ".repeat(9 + checkWidth + 2)).append("fix: ").append(finding.fix()).append('\n');
            }
        }
        return out.append(summary(report)).append('\n').toString();
    }

    static String summary(CheckReport report) {
        return String.format(Locale.ROOT, "%d ok, %d warning(s), %d error(s): %s", report.count(Severity.OK),
                report.count(Severity.WARNING), report.count(Severity.ERROR), verdict(report.worst()));
    }

    private static String verdict(Severity worst) {
        return switch (worst) {
            case OK -> "ready for production";
            case WARNING -> "works, but fix the warnings before production";
            case ERROR -> "not ready: fix the errors";
        };
    }

    static String json(CheckReport report) {
        StringBuilder out = new StringBuilder("{\"ranAt\":").append(quote(report.ranAt().toString()))
                .append(",\"result\":").append(quote(name(report.worst())))
                .append(",\"exitCode\":").append(report.worst().exitCode())
                .append(",\"findings\":[");
        String separator = "";
        for (Finding finding : report.findings()) {
            out.append(separator).append("{\"check\":").append(quote(finding.check()))
                    .append(",\"severity\":").append(quote(name(finding.severity())))
                    .append(",\"subject\":").append(quote(finding.subject()))
                    .append(",\"message\":").append(quote(finding.message()))
                    .append(",\"fix\":").append(quote(finding.fix())).append('}');
            separator = ",";
        }
        return out.append("]}\n").toString();
    }

    /**
     * @param reason why there is no report
     * @return the JSON result when no runtime could be asked: {@code result} error, exit code 2, the reason
     */
    static String jsonFailure(String reason) {
        return "{\"result\":\"error\",\"exitCode\":2,\"reason\":" + quote(reason) + ",\"findings\":[]}\n";
    }

    private static String name(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    /** A JSON string literal (RFC 8259: quote, backslash and control characters escaped). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
