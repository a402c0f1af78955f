package com.mailmoat.core.notify;

import java.util.Map;

/**
 * The trial ends soon. Parameters: {@code daysLeft} (7 or 1), {@code trialEndsAt} (an instant),
 * {@code company}, {@code link} (the console's upgrade page; else the console).
 */
final class TrialEndingEmail {
    private TrialEndingEmail() {
    }

    static Email render(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        long days = EmailTemplates.number(p, "daysLeft");
        String when = days <= 1 ? "tomorrow" : "in " + days + " days";
        String company = EmailLayout.oneLine(p.get("company"));
        EmailLayout email = EmailLayout.of(branding)
                .heading("Your Mailmoat trial ends " + when + (company.isBlank() ? "." : " for " + company + "."))
                .paragraph("The trial ends on " + day(p.get("trialEndsAt")) + " (UTC). Upgrade to Monitor or Protect "
                        + "to keep checking new mail as it arrives and removing threats.")
                .paragraph("Nothing in your mailboxes changes when the trial ends: messages you moved to quarantine stay there "
                        + "and can still be released.");
        email.linkButton("Choose a plan", p, consoleUrl);
        return email.build(request.recipient(), "Your Mailmoat trial ends " + when);
    }

    static InAppNotification notice(NotificationRequest request) {
        long days = EmailTemplates.number(request.params(), "daysLeft");
        return EmailTemplates.notice(request, days <= 1 ? "Your trial ends tomorrow" : "Your trial ends in " + days + " days",
                "Upgrade to Monitor or Protect to keep new mail checked as it arrives.");
    }

    private static String day(String instant) {
        return instant == null || instant.length() < 10 ? "" : instant.substring(0, 10);
    }
}
