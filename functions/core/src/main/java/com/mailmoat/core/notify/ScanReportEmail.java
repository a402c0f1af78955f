package com.mailmoat.core.notify;

import com.mailmoat.core.detection.DetectionWords;
import com.mailmoat.core.scan.ScanReportParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Threat Scan report email (text and HTML) and its in-app "Threat Scan Complete" notice, from
 * the report's notification parameters ({@link ScanReportParams}).
 */
final class ScanReportEmail {
    private ScanReportEmail() {
    }

    static Email render(NotificationRequest request, Branding branding) {
        Map<String, String> p = request.params();
        long threats = EmailTemplates.number(p, "threatsFound");
        long scanned = EmailTemplates.number(p, "messagesScanned");
        boolean ended = "ENDED_EARLY".equals(p.get("status"));
        long reportedBefore = Math.min(threats, EmailTemplates.number(p, "threatsReportedBefore"));
        String subject = "Your Mailmoat Threat Scan report: " + EmailTemplates.plural(threats, "threat", "threats") + " found"
                + (reportedBefore > 0 ? " (" + EmailTemplates.count(threats - reportedBefore) + " new)" : "");
        String headline = (ended ? "Threat Scan ended early: " : "Threat Scan complete: ")
                + EmailTemplates.plural(threats, "threat", "threats") + " in " + EmailTemplates.count(scanned) + " messages";
        String window = day(p.get("windowStart")) + " to " + day(p.get("windowEnd"));
        String mailboxes = p.getOrDefault("mailboxesDone", "0") + " of " + p.getOrDefault("mailboxesTotal", "0")
                + " mailboxes read" + (EmailTemplates.number(p, "mailboxesSkipped") > 0
                ? ", " + p.get("mailboxesSkipped") + " skipped" : "");
        EmailLayout email = EmailLayout.of(branding).heading(headline)
                .paragraph("Window: " + window + ". " + mailboxes + ".");
        if (ended) {
            email.paragraph("You ended this scan before it read every mailbox: these figures cover what it read, "
                    + "including the pages it was reading when it ended. The rest of the window was not read.");
        }
        if (reportedBefore > 0) {
            email.paragraph(EmailTemplates.plural(reportedBefore, "threat", "threats") + " of these "
                    + (reportedBefore == 1 ? "was" : "were") + " already reported by an earlier scan (or as "
                    + (reportedBefore == 1 ? "it" : "they") + " arrived) and still "
                    + (reportedBefore == 1 ? "waits" : "wait") + " for you; this scan lists "
                    + (reportedBefore == 1 ? "it" : "them") + " now. " + EmailTemplates.count(threats - reportedBefore) + " "
                    + (threats - reportedBefore == 1 ? "is" : "are") + " new.");
        }
        email
                .table("Threats by level", rows(ScanReportParams.read(p.get("byLevel")), false, DetectionWords.levels()))
                .table("Threats by category", rows(ScanReportParams.read(p.get("byCategory")), false, DetectionWords.categories()))
                .table("Most targeted mailboxes", rows(ScanReportParams.read(p.get("topMailboxes")), false, Map.of()))
                .table("Top malicious senders", rows(ScanReportParams.read(p.get("topSenders")), false, Map.of()))
                .table("Top malicious sender domains", rows(ScanReportParams.read(p.get("topDomains")), false,
                        forged(p.get("ownDomains"))))
                .table("Threats per day", rows(ScanReportParams.read(p.get("threatsPerDay")), true, Map.of()));
        return email.button("Review and Remove Threats", p.get("link")).build(request.recipient(), subject);
    }

    static InAppNotification notice(NotificationRequest request) {
        Map<String, String> p = request.params();
        long threats = EmailTemplates.number(p, "threatsFound");
        Map<String, Long> levels = ScanReportParams.read(p.get("byLevel"));
        String title = "ENDED_EARLY".equals(p.get("status")) ? "Threat Scan ended" : "Threat Scan Complete";
        String message = EmailTemplates.count(EmailTemplates.number(p, "messagesScanned")) + " messages scanned, "
                + EmailTemplates.plural(threats, "threat", "threats") + " found ("
                + EmailTemplates.count(levels.getOrDefault("MALICIOUS", 0L)) + " malicious, " + EmailTemplates.count(levels.getOrDefault("SUSPICIOUS", 0L))
                + " suspicious).";
        return EmailTemplates.notice(request, title, message);
    }


    /** The organisation's own domains among the senders of threats: forged, not the organisation's mail. */
    private static Map<String, String> forged(String ownDomains) {
        Map<String, String> names = new java.util.HashMap<>();
        for (String domain : ownDomains == null ? new String[0] : ownDomains.split("\n")) {
            if (!domain.isBlank()) {
                names.put(domain.strip(), domain.strip() + " (your own domain, forged by the sender)");
            }
        }
        return names;
    }

    private static List<String[]> rows(Map<String, Long> values, boolean skipZero, Map<String, String> words) {
        List<String[]> rows = new ArrayList<>();
        values.forEach((name, count) -> {
            if (!skipZero || count != 0) {
                rows.add(new String[] {words.getOrDefault(name, name), EmailTemplates.count(count)});
            }
        });
        return rows;
    }

    private static String day(String instant) {
        return instant == null || instant.length() < 10 ? "" : instant.substring(0, 10);
    }
}
