package com.mailmoat.core.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A change of protection mode took effect, or Mailmoat's transport rules could not be removed after a
 * step down to Threat Scan Only. Parameters (MODE_CHANGED): {@code from}, {@code to} (mode names),
 * {@code fromTargets}, {@code targets} (Targeted To in words), {@code by} (the console account),
 * {@code at} (ISO instant). RULES_REMOVAL_FAILED: {@code cause} ({@code role} or {@code consent}),
 * {@code tenant}.
 */
final class ModeChangeEmail {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy 'at' HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ModeChangeEmail() {
    }

    static Email render(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        String from = label(p.get("from"));
        String to = label(p.get("to"));
        boolean sameMode = from.equals(to);
        EmailLayout email = EmailLayout.of(branding)
                .heading(sameMode ? to + " now applies to " + EmailLayout.oneLine(p.getOrDefault("targets", "")) + "."
                        : "Mailmoat's protection mode changed from " + from + " to " + to + ".")
                .paragraph(meaning(p))
                .table("The change", java.util.List.of(
                        new String[] {"Before", from + forWhom(p.get("from"), p.get("fromTargets"))},
                        new String[] {"Now", to + forWhom(p.get("to"), p.get("targets"))},
                        new String[] {"Changed by", p.getOrDefault("by", "")},
                        new String[] {"When", when(p.get("at")) + ", once Microsoft permissions were re-confirmed"}));
        email.linkButton("Open the Protection page", p, consoleUrl);
        return email.footer("If you did not make this change, someone signed in to your Mailmoat account: change its "
                        + "password now and set the mode back on the Protection page.")
                .build(request.recipient(), subject(p));
    }

    static InAppNotification notice(NotificationRequest request) {
        Map<String, String> p = request.params();
        return EmailTemplates.notice(request, subject(p),
                meaning(p) + " Changed by " + p.getOrDefault("by", "") + ", " + when(p.get("at")) + ".");
    }

    static Email renderRemovalFailed(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        EmailLayout email = EmailLayout.of(branding)
                .heading("Mailmoat's transport rules are still in Exchange Online.")
                .paragraph("You switched Mailmoat to Threat Scan Only, so its transport rules (named \"Mailmoat - …\") "
                        + "should have been removed from " + EmailLayout.oneLine(p.getOrDefault("tenant", "your tenant"))
                        + ", but Exchange Online refused: " + cause(p) + " Until they are gone they keep sending mail "
                        + "from the senders they list to Exchange's quarantine.")
                .paragraph("To remove them yourself: in the Exchange admin center open Mail flow, Rules, and delete "
                        + "each rule whose name starts with \"Mailmoat - \". Or restore the access described above: "
                        + "Mailmoat tries again at its next change of sender lists or mode.");
        email.linkButton("Open the Mailmoat console", p, consoleUrl);
        return email.build(request.recipient(), "Mailmoat's transport rules could not be removed");
    }

    static InAppNotification removalFailedNotice(NotificationRequest request) {
        return EmailTemplates.notice(request, "Mailmoat's transport rules could not be removed",
                "Exchange Online refused: " + cause(request.params()) + " Delete the rules named \"Mailmoat - …\" in "
                        + "the Exchange admin center (Mail flow, Rules), or restore that access.");
    }

    private static String cause(Map<String, String> p) {
        return "role".equals(p.get("cause"))
                ? "Mailmoat's app no longer holds an Exchange role in your tenant."
                : "Mailmoat's admin consent or its Exchange permission (Manage Exchange As Application) was withdrawn.";
    }

    /** What the mode now in force means, for whom. */
    static String meaning(Map<String, String> p) {
        String targets = EmailLayout.oneLine(p.getOrDefault("targets", "everyone"));
        return switch (p.getOrDefault("to", "")) {
            case "PROTECT" -> "Protect is on for " + targets + ": new mail is checked as it arrives and malicious mail is "
                    + "moved to quarantine automatically (you can release it from Detections). Exchange holds back mail "
                    + "from your Blocked senders and from senders Mailmoat's scans found malicious.";
            case "MONITOR" -> "Monitor is on for " + targets + ": new mail is checked as it arrives and threats are "
                    + "reported, but Mailmoat moves nothing. Exchange holds back mail from your Blocked senders only.";
            case "DISABLED" -> "Mailmoat no longer checks new mail, and its Exchange transport rules hold nothing back "
                    + "(they stay at the top of your rules, matching nothing, so switching back on does not move your own "
                    + "rules again). Mail that arrives while Mailmoat is Disabled is not checked when you switch back on: "
                    + "run a Threat Scan to check it.";
            case "THREAT_SCAN_ONLY" -> "Mailmoat no longer checks new mail as it arrives, and its transport rules are "
                    + "being removed from Exchange Online, so nothing is held back any more. Threat Scans of past mail "
                    + "still run. Turning Monitor or Protect on again runs the upgrade again (Upgrade Now).";
            default -> "";
        };
    }

    private static String subject(Map<String, String> p) {
        String to = p.getOrDefault("to", "");
        if ("DISABLED".equals(to) || "THREAT_SCAN_ONLY".equals(to)) {
            return "Mailmoat no longer checks new mail (" + label(to) + ")";
        }
        return label(p.get("from")).equals(label(to)) ? "Mailmoat " + label(to) + " now applies to other recipients"
                : "Mailmoat " + label(to) + " mode is on";
    }

    private static String forWhom(String mode, String targets) {
        return "MONITOR".equals(mode) || "PROTECT".equals(mode) ? " for " + (targets == null ? "everyone" : targets) : "";
    }

    static String label(String mode) {
        return switch (mode == null ? "" : mode) {
            case "MONITOR" -> "Monitor";
            case "PROTECT" -> "Protect";
            case "DISABLED" -> "Disabled";
            case "THREAT_SCAN_ONLY" -> "Threat Scan Only";
            default -> "another mode";
        };
    }

    private static String when(String at) {
        try {
            return at == null ? "just now" : WHEN.format(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return "just now";
        }
    }
}
