package org.edgepki.console.pages;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.edgepki.common.inventory.ManagedCertificate;
import org.owasp.encoder.Encode;

/**
 * The expiry timeline: an inline SVG with one bar per certificate from notBefore to notAfter
 * (green, orange within 7 days of expiry, red once expired), a mark at its next renewal and a line
 * at now. Long-lived roots would flatten everything else, so the axis spans at most 90 days back
 * and two years ahead; bars are cut there.
 */
final class ExpiryTimeline {
    private static final int LABEL_WIDTH = 320;
    private static final int PLOT_WIDTH = 640;
    private static final int ROW = 22;
    private static final int AXIS = 24;
    private static final Duration MOST_BEHIND = Duration.ofDays(90);
    private static final Duration MOST_AHEAD = Duration.ofDays(730);
    private static final Duration LEAST_AHEAD = Duration.ofDays(30);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);

    private ExpiryTimeline() {
    }

    static String svg(List<ManagedCertificate> certificates, Instant now) {
        List<ManagedCertificate> shown = certificates.stream().filter(certificate -> certificate.leaf().isPresent()).toList();
        Instant start = shown.stream().map(certificate -> certificate.notBefore().get()).min(Instant::compareTo).orElse(now);
        start = max(start, now.minus(MOST_BEHIND));
        Instant end = shown.stream().map(certificate -> certificate.notAfter().get()).max(Instant::compareTo).orElse(now);
        end = min(max(end, now.plus(LEAST_AHEAD)), now.plus(MOST_AHEAD));
        Scale scale = new Scale(start, end);
        int height = AXIS + ROW * Math.max(1, shown.size()) + 8;
        StringBuilder svg = new StringBuilder().append("<svg id=\"edgepki-timeline\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" role=\"img\" aria-label=\"Certificate expiry timeline\" width=\"").append(LABEL_WIDTH + PLOT_WIDTH + 60)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        axis(svg, scale, height);
        for (int row = 0; row < shown.size(); row++) {
            bar(svg, shown.get(row), scale, now, AXIS + row * ROW);
        }
        int x = LABEL_WIDTH + scale.x(now);
        svg.append("<line x1=\"").append(x).append("\" y1=\"").append(AXIS - 6).append("\" x2=\"").append(x)
                .append("\" y2=\"").append(height).append("\" stroke=\"#34495e\" stroke-dasharray=\"4 3\"><title>now</title></line>");
        if (shown.isEmpty()) {
            svg.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(AXIS + 14).append("\">No certificates yet</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static void axis(StringBuilder svg, Scale scale, int height) {
        LocalDate month = LocalDate.ofInstant(scale.start, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        long months = Duration.between(scale.start, scale.end).toDays() / 30;
        int step = months > 12 ? 3 : 1;
        for (; month.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(scale.end); month = month.plusMonths(step)) {
            int x = LABEL_WIDTH + scale.x(month.atStartOfDay().toInstant(ZoneOffset.UTC));
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(AXIS - 4).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(height).append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"").append(x + 2).append("\" y=\"12\" fill=\"#555\">").append(MONTH.format(month))
                    .append("</text>");
        }
    }

    private static void bar(StringBuilder svg, ManagedCertificate certificate, Scale scale, Instant now, int y) {
        Instant notBefore = certificate.notBefore().get();
        Instant notAfter = certificate.notAfter().get();
        String color = notAfter.isBefore(now) ? "#c0392b"
                : notAfter.isBefore(now.plus(Duration.ofDays(7))) ? "#e67e22" : "#27ae60";
        int from = scale.x(max(notBefore, scale.start));
        int to = scale.x(min(notAfter, scale.end));
        String id = Encode.forXml(certificate.id());
        svg.append("<g class=\"edgepki-timeline-row\" data-id=\"").append(Encode.forXmlAttribute(certificate.id())).append("\">")
                .append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + 14)
                .append("\" text-anchor=\"end\">").append(id).append("</text>")
                .append("<rect x=\"").append(LABEL_WIDTH + from).append("\" y=\"").append(y + 4).append("\" width=\"")
                .append(Math.max(2, to - from)).append("\" height=\"14\" rx=\"3\" fill=\"").append(color).append("\">")
                .append("<title>").append(id).append(": ").append(notBefore).append(" to ").append(notAfter)
                .append("</title></rect>");
        certificate.nextRenewal().filter(next -> !next.isBefore(scale.start) && !next.isAfter(scale.end)).ifPresent(next -> {
            int x = LABEL_WIDTH + scale.x(next);
            svg.append("<path d=\"M").append(x).append(' ').append(y + 2).append(" l5 9 l-5 9 l-5 -9 z\" fill=\"#2c3e50\">")
                    .append("<title>").append(id).append(": renewal due ").append(next).append("</title></path>");
        });
        svg.append("</g>");
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Maps instants between start and end to 0..PLOT_WIDTH. */
    private record Scale(Instant start, Instant end) {
        int x(Instant instant) {
            double span = Math.max(1, Duration.between(start, end).getSeconds());
            double at = Duration.between(start, instant).getSeconds();
            return (int) Math.round(Math.max(0, Math.min(1, at / span)) * PLOT_WIDTH);
        }
    }
}
