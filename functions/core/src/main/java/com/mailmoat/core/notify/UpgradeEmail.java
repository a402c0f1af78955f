package com.mailmoat.core.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The upgrade to Monitor or Protect finished. Parameters: {@code mode} (MONITOR / PROTECT), and
 * when known {@code rulesInstalled}, {@code usersImported}, {@code groupsImported},
 * {@code mailboxesSubscribed}, {@code rulesPushedDown} (names, one per line), {@code link}.
 */
final class UpgradeEmail {
    private UpgradeEmail() {
    }

    static Email render(NotificationRequest request, Branding branding, String consoleUrl) {
        Map<String, String> p = request.params();
        String mode = modeName(p.get("mode"));
        List<String[]> figures = new ArrayList<>();
        for (String[] figure : new String[][] {{"rulesInstalled", "Mailmoat transport rules installed"},
                {"usersImported", "Users imported"}, {"groupsImported", "Groups imported"},
                {"mailboxesSubscribed", "Mailboxes watched in real time"}}) {
            if (p.containsKey(figure[0])) {
                figures.add(new String[] {figure[1], String.valueOf(EmailTemplates.number(p, figure[0]))});
            }
        }
        List<String[]> pushed = new ArrayList<>();
        String pushedDown = p.getOrDefault("rulesPushedDown", "");
        if (!pushedDown.isBlank()) {
            for (String rule : pushedDown.split("\n")) {
                pushed.add(new String[] {rule});
            }
        }
        EmailLayout email = EmailLayout.of(branding)
                .heading(mode + " mode is on.")
                .paragraph("PROTECT".equalsIgnoreCase(p.get("mode"))
                        ? "Mailmoat now checks new mail seconds after it arrives and moves malicious mail out of the mailbox automatically."
                        : "Mailmoat now checks new mail seconds after it arrives and tells you about threats; nothing is moved automatically.")
                .table("What was set up", figures)
                .table("Your existing transport rules now run after Mailmoat's", pushed);
        String link = p.getOrDefault("link", consoleUrl);
        if (link != null && !link.isBlank()) {
            email.button("Open the console", link);
        }
        return email.build(request.recipient(), "Upgrade complete: Mailmoat " + mode + " mode is on");
    }

    static InAppNotification notice(NotificationRequest request) {
        String mode = modeName(request.params().get("mode"));
        return EmailTemplates.notice(request, "Upgrade complete", mode + " mode is on: new mail is checked as it arrives.");
    }

    private static String modeName(String mode) {
        if (mode == null) {
            return "Monitor";
        }
        return switch (mode.toUpperCase(Locale.ROOT)) {
            case "PROTECT" -> "Protect";
            default -> "Monitor";
        };
    }
}
