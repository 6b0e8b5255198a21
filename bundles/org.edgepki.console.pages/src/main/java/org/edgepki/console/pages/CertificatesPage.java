package org.edgepki.console.pages;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialInventory;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.common.crypto.CertificatePem;
import org.edgepki.common.crypto.Thumbprints;
import org.edgepki.common.inventory.ManagedCertificate;
import org.owasp.encoder.Encode;

/**
 * The console's Certificates page ({@value #LABEL}): every certificate with its key, renewal and
 * chain; PEM downloads of any chain and of the trust bundle; Renew now (a POST with a CSRF token,
 * answered by a redirect); and the expiry timeline. Thread-safe.
 */
public final class CertificatesPage {
    /** The Web Console label: the page is {@code /system/console/edgepki-certificates}. */
    public static final String LABEL = "edgepki-certificates";
    /** The page title in the console's menu. */
    public static final String TITLE = "Certificates";
    /** The console menu category of both edgepki pages. */
    public static final String CATEGORY = "edgepki";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final CsrfTokens csrf = new CsrfTokens();
    private final Notices notices = new Notices();
    private final Clock clock;

    /** A page on the system clock. */
    public CertificatesPage() {
        this(Clock.systemUTC());
    }

    CertificatesPage(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param request the request below the plugin's path
     * @param sources the services bound now
     * @return the answer: the page, a download, a redirect after an action, or an error
     */
    public PageResponse handle(PageRequest request, CertificateSources sources) {
        if (sources.certificates() == null) {
            return PageResponse.error(503, "The certificate store (bundle org.edgepki.certstore) is not running.");
        }
        try {
            return switch (request.method() + " " + request.path()) {
                case "GET ", "GET /" -> PageResponse.html(page(request, sources));
                case "GET /chain.pem" -> chain(request.parameter("id"), sources);
                case "GET /trust-bundle.pem" -> trustBundle(sources);
                case "POST /renew" -> renew(request, sources);
                default -> PageResponse.error(request.method().equals("GET") ? 404 : 405,
                        "No such page or action: " + request.method() + " " + request.path());
            };
        } catch (EdgePkiException e) {
            return PageResponse.error(500, e.getMessage());
        }
    }

    private PageResponse chain(String id, CertificateSources sources) throws EdgePkiException {
        Optional<StoredCertificate> stored = sources.certificates().find(id);
        if (stored.isEmpty()) {
            return PageResponse.error(404, "No certificate with id '" + id + "'.");
        }
        return PageResponse.download(fileName(id) + ".pem", CertificatePem.of(stored.get().chain()));
    }

    private static PageResponse trustBundle(CertificateSources sources) throws EdgePkiException {
        if (sources.trustBundle() == null) {
            return PageResponse.error(503, "The trust bundle (bundle org.edgepki.certstore) is not running.");
        }
        return PageResponse.download("trust-bundle.pem", CertificatePem.of(sources.trustBundle().certificates()));
    }

    private PageResponse renew(PageRequest request, CertificateSources sources) throws EdgePkiException {
        Optional<String> refusal = csrf.refusal(request);
        if (refusal.isPresent()) {
            return PageResponse.error(403, "Refused: " + refusal.get() + ".");
        }
        String id = request.parameter("id");
        String notice;
        if (sources.renewals() == null) {
            notice = notices.add(false, "The renewal service (bundle org.edgepki.credentials) is not running: " + id
                    + " was not renewed.");
        } else {
            String before = serial(sources, id);
            try {
                CredentialStatus after = sources.renewals().renewNow(id);
                notice = notices.add(true, "Renewed " + id + ": serial " + before + " → " + serial(sources, id)
                        + ", expires " + after.notAfter().map(TIME::format).orElse("-") + ".");
            } catch (EdgePkiException e) {
                notice = notices.add(false, "Renewal of " + id + " failed: " + e.getMessage());
            }
        }
        return PageResponse.seeOther(request.pluginRoot() + "?notice=" + notice);
    }

    private String page(PageRequest request, CertificateSources sources) throws EdgePkiException {
        Instant now = clock.instant();
        List<ManagedCertificate> all = new CredentialInventory(sources.certificates(), sources.keys(), sources.renewals())
                .all().stream().map(ManagedCertificate::of).toList();
        StringBuilder html = new StringBuilder("<div id=\"edgepki-certificates\">");
        notices.find(request.parameter("notice")).ifPresent(notice -> html.append("<p class=\"")
                .append(notice.ok() ? "edgepki-notice ui-state-highlight" : "edgepki-notice ui-state-error")
                .append("\" role=\"status\">").append(Encode.forHtml(notice.text())).append("</p>"));
        html.append("<p class=\"statline\">").append(all.size()).append(" certificate(s). ")
                .append("<a href=\"").append(Encode.forHtmlAttribute(request.pluginRoot())).append("/trust-bundle.pem\">")
                .append("Download the trust bundle (PEM)</a></p>");
        html.append("<h3>Expiry timeline</h3>").append(ExpiryTimeline.svg(all, now))
                .append("<p class=\"edgepki-legend\">Bars run from notBefore to notAfter: green valid, orange under 7 days,"
                        + " red expired; ◆ next renewal; dashed line: now.</p>");
        html.append("<table class=\"nicetable edgepki-certificates\"><thead><tr>");
        for (String heading : new String[] {"Id", "Subject", "Issuer", "Serial", "Not before", "Not after", "Days left",
            "Method", "Edge CA", "Key", "Next renewal", "Last error", ""}) {
            html.append("<th>").append(heading).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        String token = csrf.tokenFor(request.user());
        for (ManagedCertificate certificate : all) {
            row(html, certificate, certificate.edgeCaGeneration(all).orElse("-"), now, request.pluginRoot(), token);
        }
        return html.append("</tbody></table></div>").toString();
    }

    /** @param edgeCa for a module certificate, whether the current Edge CA issued it */
    private static void row(StringBuilder html, ManagedCertificate certificate, String edgeCa, Instant now,
            String pluginRoot, String token) {
        String id = certificate.id();
        html.append("<tr data-id=\"").append(Encode.forHtmlAttribute(id)).append("\">");
        cell(html, "id", id);
        cell(html, "subject", certificate.subject());
        cell(html, "issuer", certificate.issuer());
        cell(html, "serial", certificate.serial());
        cell(html, "not-before", certificate.notBefore().map(TIME::format).orElse("-"));
        cell(html, "not-after", certificate.notAfter().map(TIME::format).orElse("-"));
        cell(html, "days-left", certificate.daysLeft(now).map(String::valueOf).orElse("-"));
        cell(html, "method", certificate.method());
        cell(html, "edge-ca", edgeCa);
        cell(html, "key", certificate.keyLocation());
        cell(html, "next-renewal", certificate.nextRenewal().map(TIME::format).orElse("-"));
        cell(html, "last-error", certificate.lastError().orElse(""));
        html.append("<td class=\"actions\">");
        if (certificate.certificate().isPresent()) {
            html.append("<a href=\"").append(Encode.forHtmlAttribute(pluginRoot + "/chain.pem?id=" + Encode.forUriComponent(id)))
                    .append("\">PEM</a> ");
        }
        if (certificate.renewable()) {
            html.append("<form method=\"post\" action=\"").append(Encode.forHtmlAttribute(pluginRoot + "/renew"))
                    .append("\" style=\"display:inline\"><input type=\"hidden\" name=\"id\" value=\"")
                    .append(Encode.forHtmlAttribute(id)).append("\"><input type=\"hidden\" name=\"").append(CsrfTokens.FIELD)
                    .append("\" value=\"").append(token).append("\"><button type=\"submit\" class=\"renew\">Renew now</button></form>");
        }
        html.append("</td></tr>");
        certificate.certificate().ifPresent(stored -> chainRow(html, stored));
    }

    private static void chainRow(StringBuilder html, StoredCertificate stored) {
        html.append("<tr class=\"chain\"><td colspan=\"13\"><details><summary>Chain of ")
                .append(Encode.forHtml(stored.id())).append(": ").append(stored.chain().size())
                .append(" certificate(s), file ").append(Encode.forHtml(stored.location().toString()))
                .append("</summary><ol>");
        for (X509Certificate cert : stored.chain()) {
            html.append("<li>").append(Encode.forHtml(cert.getSubjectX500Principal().getName())).append(" — issued by ")
                    .append(Encode.forHtml(cert.getIssuerX500Principal().getName())).append(", serial ")
                    .append(ManagedCertificate.serial(cert)).append(", ")
                    .append(TIME.format(cert.getNotBefore().toInstant())).append(" to ")
                    .append(TIME.format(cert.getNotAfter().toInstant()))
                    .append(cert.getBasicConstraints() >= 0 ? ", CA" : "").append("</li>");
        }
        html.append("</ol><p>SHA-256 ").append(stored.sha256Thumbprint()).append(" (IoT Hub's thumbprint)<br>SHA-1 ")
                .append(Thumbprints.sha1(stored.leaf())).append(" (the DPS portal's thumbprint)</p></details></td></tr>");
    }

    private static void cell(StringBuilder html, String name, String value) {
        html.append("<td class=\"").append(name).append("\">").append(Encode.forHtml(value)).append("</td>");
    }

    private static String serial(CertificateSources sources, String id) {
        try {
            return sources.certificates().find(id)
                    .map(stored -> ManagedCertificate.serial(stored.leaf())).orElse("-");
        } catch (EdgePkiException e) {
            return "-";
        }
    }

    /** {@code aziot-edged/module/edgeHub:server} → {@code aziot-edged_module_edgeHub_server}. */
    static String fileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
