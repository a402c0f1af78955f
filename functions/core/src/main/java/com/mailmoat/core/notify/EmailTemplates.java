package com.mailmoat.core.notify;

import java.util.Map;

/** The words of every email and in-app notice. Plain text and a simple, escaped HTML version. */
public final class EmailTemplates {
    private EmailTemplates() {
    }

    public static Email render(NotificationRequest request) {
        Map<String, String> p = request.params();
        return switch (request.kind()) {
            case SET_PASSWORD_LINK -> email(request.recipient(),
                    "Set your Mailmoat password",
                    "Welcome to Mailmoat.",
                    "Set the password for your console account with the link below. The link works once and expires in 24 hours.",
                    "Set your password", p.get("link"),
                    "If you did not sign up for Mailmoat, ignore this email: nothing happens without the link.");
            case ACCOUNT_DETAILS -> email(request.recipient(),
                    "Your Mailmoat account is ready",
                    "Your Mailmoat account is ready" + companySuffix(p) + ".",
                    "Sign in to the console as " + request.recipient()
                            + " to connect Microsoft 365 and start your 30-day Threat Scan.",
                    "Open the Mailmoat console", p.get("loginUrl"),
                    "Your trial lasts 30 days. Keep this email: it has your console address.");
            case PASSWORD_RESET_LINK -> email(request.recipient(),
                    "Reset your Mailmoat password",
                    "Choose a new Mailmoat password.",
                    "Someone (we hope you) asked to reset the password of the Mailmoat console account "
                            + request.recipient() + ". The link below works once and expires in 24 hours.",
                    "Choose a new password", p.get("link"),
                    "If you did not ask for this, ignore this email: your password stays as it is.");
            case PASSWORD_CHANGED -> email(request.recipient(),
                    "Your Mailmoat password was changed",
                    "Your Mailmoat password was changed" + companySuffix(p) + ".",
                    "The password of the Mailmoat console account " + request.recipient()
                            + " was just changed, and every other signed-in session was ended.",
                    "Open the Mailmoat console", p.get("loginUrl"),
                    "If you did not change it, use \"Forgot password?\" on the sign-in page now to choose a new one.");
            case THREAT_SCAN_REPORT -> ScanReportEmail.render(request);
            case UPGRADE_COMPLETE -> email(request.recipient(),
                    "Upgrade complete: Mailmoat " + modeName(p) + " mode is on",
                    "Congratulations! The email configuration is complete.",
                    modeName(p) + " mode is on: new mail is checked as it arrives"
                            + ("PROTECT".equalsIgnoreCase(p.get("mode")) ? " and malicious mail is moved out of the mailbox. "
                            : ". ") + p.getOrDefault("rulesInstalled", "0") + " Mailmoat transport rules sit at the top of "
                            + "your Exchange Online rules. " + pushedDown(p),
                    "Open the Mailmoat console", p.get("link"),
                    "Check the order of your transport rules: rules that must run first (a disclaimer tool, for "
                            + "example) may need moving back up.");
            case UPGRADE_FAILED -> email(request.recipient(),
                    "The Mailmoat upgrade did not complete",
                    "The upgrade to " + modeName(p) + " did not complete.",
                    p.getOrDefault("reason", "A step of the upgrade failed.") + " Your Microsoft 365 tenant was left as "
                            + "it was before the upgrade; Threat Scan Only stays on.",
                    "Open the Mailmoat console", p.get("link"),
                    "Fix what is described above, then choose Upgrade Now again.");
            case SSO_CONSENT_GRANTED, THREAT_SCAN_COMPLETE_NOTICE ->
                    throw new IllegalArgumentException(request.kind() + " is not an email");
        };
    }

    public static InAppNotification inApp(NotificationRequest request) {
        Map<String, String> p = request.params();
        return switch (request.kind()) {
            case SSO_CONSENT_GRANTED -> new InAppNotification(request.notificationId(), request.accountId(),
                    request.kind(), "Single sign-on consent granted",
                    "Microsoft 365 tenant " + p.getOrDefault("tenantId", "") + " is connected. "
                            + "Your 30-day Threat Scan starts next.",
                    request.requestedAt());
            case THREAT_SCAN_REPORT, THREAT_SCAN_COMPLETE_NOTICE -> ScanReportEmail.notice(request);
            case UPGRADE_COMPLETE -> new InAppNotification(request.notificationId(), request.accountId(), request.kind(),
                    "Congratulations! The email configuration is complete",
                    modeName(p) + " mode is on: new mail is checked as it arrives. " + pushedDown(p),
                    request.requestedAt());
            case UPGRADE_FAILED -> new InAppNotification(request.notificationId(), request.accountId(), request.kind(),
                    "The upgrade did not complete",
                    oneLine(p.getOrDefault("reason", "A step of the upgrade failed.")) + " Nothing was changed in your tenant.",
                    request.requestedAt());
            default -> throw new IllegalArgumentException(request.kind() + " is not an in-app notice");
        };
    }

    private static String modeName(Map<String, String> params) {
        return "PROTECT".equalsIgnoreCase(params.get("mode")) ? "Protect" : "Monitor";
    }

    /** {@code rulesPushedDown}: one "name: from → to" per line. */
    private static String pushedDown(Map<String, String> params) {
        String moved = params.getOrDefault("rulesPushedDown", "").strip();
        if (moved.isEmpty()) {
            return "None of your own transport rules changed position.";
        }
        return "Your rules now run after Mailmoat's: " + oneLine(String.join("; ", moved.split("\n"))) + ".";
    }

    private static String companySuffix(Map<String, String> params) {
        String company = params.get("company");
        return company == null || company.isBlank() ? "" : ", " + company;
    }

    private static Email email(String to, String subject, String heading, String body, String action,
                               String url, String footer) {
        // Defence in depth (names are validated when typed, but stored ones may predate that):
        // no line breaks or other layout characters from any parameter reach the text part.
        heading = oneLine(heading);
        body = oneLine(body);
        url = oneLine(url);
        String text = heading + "\n\n" + body + "\n\n" + action + ": " + url + "\n\n" + footer + "\n\n— Mailmoat\n";
        String html = "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2933\">"
                + "<h1 style=\"font-size:20px\">" + escape(heading) + "</h1>"
                + "<p>" + escape(body) + "</p>"
                + "<p><a href=\"" + escape(url) + "\" style=\"background:#1a56db;color:#fff;padding:10px 16px;"
                + "border-radius:6px;text-decoration:none\">" + escape(action) + "</a></p>"
                + "<p style=\"color:#52606d;font-size:13px\">" + escape(footer) + "</p>"
                + "<p style=\"color:#52606d;font-size:13px\">If the button does not work, paste this address into your browser: "
                + escape(url) + "</p></body></html>";
        return new Email(java.util.List.of(to), subject, text, html);
    }

    /** Control, format and separator characters (CR, LF, bidi overrides, zero-width...) become spaces. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                     Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> out.append(' ');
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
