package com.mailmoat.core.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upgrade to Monitor or Protect finished, or stopped. Parameters (from the upgrade workflow):
 * {@code mode} (MONITOR / PROTECT), {@code rulesInstalled}, {@code rulesPushedDown} (one
 * "name: from → to" per line), {@code reason} (a failure's explanation), {@code link}; when known
 * also {@code usersImported}, {@code groupsImported}, {@code mailboxesSubscribed}.
 */
final class UpgradeEmail {
    private UpgradeEmail() {
    }

    static Email render(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        String mode = modeName(p);
        List<String[]> figures = new ArrayList<>();
        for (String[] figure : new String[][] {{"rulesInstalled", "Mailmoat transport rules installed at the top"},
                {"usersImported", "Users imported"}, {"groupsImported", "Groups imported"},
                {"mailboxesSubscribed", "Mailboxes watched in real time"}}) {
            if (p.containsKey(figure[0])) {
                figures.add(new String[] {figure[1], EmailTemplates.count(EmailTemplates.number(p, figure[0]))});
            }
        }
        List<String[]> pushed = new ArrayList<>();
        for (String rule : EmailLayout.lines(p.get("rulesPushedDown"))) {
            pushed.add(new String[] {rule});
        }
        EmailLayout email = EmailLayout.of(branding)
                .heading("Congratulations! The email configuration is complete.")
                .paragraph(mode + " mode is on: new mail is checked as it arrives"
                        + ("PROTECT".equalsIgnoreCase(p.get("mode"))
                        ? " and malicious mail is moved out of the mailbox automatically."
                        : "; threats are reported, nothing is moved automatically."))
                .table("What was set up", figures)
                .table("Your own transport rules now run after Mailmoat's", pushed);
        if (pushed.isEmpty()) {
            email.paragraph("None of your own transport rules changed position.");
        }
        email.linkButton("Open the Mailmoat console", p, consoleUrl);
        return email.footer("Check the order of your transport rules: rules that must run first (a disclaimer tool, "
                        + "for example) may need moving back up.")
                .build(request.recipient(), "Upgrade complete: Mailmoat " + mode + " mode is on");
    }

    static Email renderFailed(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        EmailLayout email = EmailLayout.of(branding)
                .heading("The upgrade to " + modeName(p) + " did not complete.")
                .paragraph(p.getOrDefault("reason", "A step of the upgrade failed."))
                .paragraph("Your Microsoft 365 tenant was left as it was before the upgrade; Threat Scan Only stays on.");
        email.linkButton("Open the Mailmoat console", p, consoleUrl);
        return email.footer("Fix what is described above, then choose Upgrade Now again.")
                .build(request.recipient(), "The Mailmoat upgrade did not complete");
    }

    static InAppNotification notice(NotificationRequest request) {
        Map<String, String> p = request.params();
        List<String> moved = EmailLayout.lines(p.get("rulesPushedDown"));
        return EmailTemplates.notice(request, "Congratulations! The email configuration is complete",
                modeName(p) + " mode is on: new mail is checked as it arrives. " + (moved.isEmpty()
                        ? "None of your own transport rules changed position."
                        : "Your rules now run after Mailmoat's: " + String.join("; ", moved) + "."));
    }

    static InAppNotification failedNotice(NotificationRequest request) {
        return EmailTemplates.notice(request, "The upgrade did not complete",
                request.params().getOrDefault("reason", "A step of the upgrade failed.") + " Nothing was changed in your tenant.");
    }

    private static String modeName(Map<String, String> params) {
        return "PROTECT".equalsIgnoreCase(params.get("mode")) ? "Protect" : "Monitor";
    }
}
