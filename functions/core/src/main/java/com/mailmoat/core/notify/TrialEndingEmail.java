package com.mailmoat.core.notify;

import java.util.Map;

/**
 * The trial ends soon. Parameters: {@code daysLeft} (7 or 1), {@code trialEndsAt} (an instant),
 * {@code company}, {@code mode} (the account's, when sent; absent in notices queued before it was
 * added), {@code link} (the console's upgrade page before an upgrade, else Home; else the console).
 */
final class TrialEndingEmail {
    private TrialEndingEmail() {
    }

    static Email render(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        long days = EmailTemplates.number(p, "daysLeft");
        // Sent once a day: with a day or less left it may end later today or tomorrow.
        String when = days <= 1 ? "within a day" : "in " + days + " days";
        String company = EmailLayout.oneLine(p.get("company"));
        EmailLayout email = EmailLayout.of(branding)
                .heading("Your Mailmoat trial ends " + when + (company.isBlank() ? "." : " for " + company + "."))
                .paragraph("The trial ends on " + day(p.get("trialEndsAt")) + " (UTC). " + modeLine(p.get("mode")))
                .paragraph("Nothing in your mailboxes changes when the trial ends: messages you moved to quarantine stay there "
                        + "and can still be released.");
        email.linkButton(upgraded(p.get("mode")) ? "Open the Mailmoat console" : "Upgrade to Monitor or Protect", p, consoleUrl);
        return email.build(request.recipient(), "Your Mailmoat trial ends " + when);
    }

    static InAppNotification notice(NotificationRequest request) {
        long days = EmailTemplates.number(request.params(), "daysLeft");
        return EmailTemplates.notice(request, days <= 1 ? "Your trial ends within a day" : "Your trial ends in " + days + " days",
                upgraded(request.params().get("mode")) ? "Your trial ends on " + day(request.params().get("trialEndsAt")) + " (UTC)."
                        : "Upgrade to Monitor or Protect to have new mail checked as it arrives.");
    }

    /** What the account has on now: an account already in Monitor or Protect is not told to upgrade. */
    private static String modeLine(String mode) {
        if ("MONITOR".equals(mode) || "PROTECT".equals(mode)) {
            return ("PROTECT".equals(mode) ? "Protect" : "Monitor") + " is on: new mail is checked as it arrives"
                    + ("PROTECT".equals(mode) ? " and malicious mail is moved to quarantine." : " and threats are recorded.");
        }
        if ("DISABLED".equals(mode)) {
            return "Real-time protection is switched off (Disabled): new mail is not checked. Switch Monitor or Protect "
                    + "back on from the Protection page to try it before the trial ends.";
        }
        return "Upgrade to Monitor or Protect to try checking new mail as it arrives, and removing threats, before the trial ends.";
    }

    private static boolean upgraded(String mode) {
        return "MONITOR".equals(mode) || "PROTECT".equals(mode) || "DISABLED".equals(mode);
    }

    private static String day(String instant) {
        return instant == null || instant.length() < 10 ? "" : instant.substring(0, 10);
    }
}
