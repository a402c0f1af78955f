package com.mailmoat.core.notify;

import com.mailmoat.core.scan.ScanReportParams;
import java.util.List;
import java.util.Map;

/**
 * The Threat Scan report email (text and HTML) and its in-app "Threat Scan Complete" notice, from
 * the report's notification parameters ({@link ScanReportParams}). Every value is escaped in HTML.
 */
final class ScanReportEmail {
    private ScanReportEmail() {
    }

    static Email render(NotificationRequest request) {
        Map<String, String> p = request.params();
        long threats = number(p, "threatsFound");
        long scanned = number(p, "messagesScanned");
        boolean ended = "ENDED_EARLY".equals(p.get("status"));
        String subject = "Your Mailmoat Threat Scan report: " + threats + (threats == 1 ? " threat" : " threats") + " found";
        String headline = (ended ? "Threat Scan ended early: " : "Threat Scan complete: ") + threats
                + (threats == 1 ? " threat" : " threats") + " in " + scanned + " messages";
        String window = day(p.get("windowStart")) + " to " + day(p.get("windowEnd"));
        String mailboxes = p.getOrDefault("mailboxesDone", "0") + " of " + p.getOrDefault("mailboxesTotal", "0")
                + " mailboxes read" + (number(p, "mailboxesSkipped") > 0 ? ", " + p.get("mailboxesSkipped") + " skipped" : "");
        List<Section> sections = List.of(
                new Section("Threats by level", ScanReportParams.read(p.get("byLevel"))),
                new Section("Threats by category", ScanReportParams.read(p.get("byCategory"))),
                new Section("Most targeted mailboxes", ScanReportParams.read(p.get("topMailboxes"))),
                new Section("Top malicious senders", ScanReportParams.read(p.get("topSenders"))),
                new Section("Top malicious sender domains", ScanReportParams.read(p.get("topDomains"))),
                new Section("Threats per day", nonZero(ScanReportParams.read(p.get("threatsPerDay")))));
        String link = p.getOrDefault("link", "");

        StringBuilder text = new StringBuilder(headline).append("\n\n")
                .append("Window: ").append(window).append("\n").append(mailboxes).append("\n");
        StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2933\">")
                .append("<h1 style=\"font-size:20px\">").append(EmailTemplates.escape(headline)).append("</h1>")
                .append("<p>Window: ").append(EmailTemplates.escape(window)).append("<br>")
                .append(EmailTemplates.escape(mailboxes)).append("</p>");
        for (Section section : sections) {
            if (section.rows().isEmpty()) {
                continue;
            }
            text.append("\n").append(section.title()).append(":\n");
            html.append("<h2 style=\"font-size:16px\">").append(EmailTemplates.escape(section.title()))
                    .append("</h2><table style=\"border-collapse:collapse\">");
            section.rows().forEach((name, count) -> {
                text.append("  ").append(EmailTemplates.oneLine(name)).append(": ").append(count).append("\n");
                html.append("<tr><td style=\"padding:2px 12px 2px 0\">").append(EmailTemplates.escape(name))
                        .append("</td><td style=\"text-align:right\">").append(count).append("</td></tr>");
            });
            html.append("</table>");
        }
        text.append("\nReview and Remove Threats: ").append(link).append("\n\n— Mailmoat\n");
        html.append("<p><a href=\"").append(EmailTemplates.escape(link)).append("\" style=\"background:#1a56db;color:#fff;")
                .append("padding:10px 16px;border-radius:6px;text-decoration:none\">Review and Remove Threats</a></p>")
                .append("<p style=\"color:#52606d;font-size:13px\">If the button does not work, paste this address into your browser: ")
                .append(EmailTemplates.escape(link)).append("</p></body></html>");
        return new Email(List.of(request.recipient()), subject, text.toString(), html.toString());
    }

    static InAppNotification notice(NotificationRequest request) {
        Map<String, String> p = request.params();
        long threats = number(p, "threatsFound");
        Map<String, Long> levels = ScanReportParams.read(p.get("byLevel"));
        String title = "ENDED_EARLY".equals(p.get("status")) ? "Threat Scan ended" : "Threat Scan Complete";
        String message = p.getOrDefault("messagesScanned", "0") + " messages scanned, " + threats
                + (threats == 1 ? " threat" : " threats") + " found ("
                + levels.getOrDefault("MALICIOUS", 0L) + " malicious, " + levels.getOrDefault("SUSPICIOUS", 0L)
                + " suspicious).";
        return new InAppNotification(request.notificationId(), request.accountId(), request.kind(), title, message,
                request.requestedAt());
    }

    private record Section(String title, Map<String, Long> rows) {
    }

    private static Map<String, Long> nonZero(Map<String, Long> rows) {
        rows.values().removeIf(count -> count == 0);
        return rows;
    }

    private static long number(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String day(String instant) {
        return instant == null || instant.length() < 10 ? "" : instant.substring(0, 10);
    }
}
