package org.edgepki.shell.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edgepki.common.inventory.ManagedCertificate;

/**
 * The table {@code edgepki:certs} prints: one row per certificate id, columns sized to fit. ISSUED is the
 * certificate's notBefore (when it was last issued or renewed); EDGE CA says, for a module certificate, whether
 * the current Edge CA issued it.
 */
final class CertificateTable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final List<String> HEADINGS =
            List.of("ID", "SUBJECT", "ISSUED", "NOT AFTER", "DAYS", "METHOD", "EDGE CA", "NEXT RENEWAL", "STATUS");

    private CertificateTable() {
    }

    static String render(List<ManagedCertificate> certificates, Instant now) {
        if (certificates.isEmpty()) {
            return "No certificates yet.\n";
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (ManagedCertificate certificate : certificates) {
            rows.add(List.of(certificate.id(), certificate.subjectCommonName(), time(certificate.notBefore()),
                    time(certificate.notAfter()), certificate.daysLeft(now).map(String::valueOf).orElse("-"),
                    certificate.method(), certificate.edgeCaGeneration(certificates).orElse("-"),
                    time(certificate.nextRenewal()), status(certificate, now)));
        }
        return columns(rows);
    }

    /**
     * @param rows the rows, headings first, each as many cells as the headings
     * @return the rows as lines, each column as wide as its widest cell plus two spaces
     */
    static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** ok, expired, not yet valid, no certificate, or the last error. */
    static String status(ManagedCertificate certificate, Instant now) {
        Optional<String> error = certificate.lastError();
        if (error.isPresent()) {
            return "error: " + error.get();
        }
        if (certificate.leaf().isEmpty()) {
            return "no certificate yet";
        }
        if (certificate.notAfter().get().isBefore(now)) {
            return "EXPIRED";
        }
        if (certificate.notBefore().get().isAfter(now)) {
            return "not yet valid";
        }
        return "ok";
    }

    static String time(Optional<Instant> instant) {
        return instant.map(TIME::format).orElse("-");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
