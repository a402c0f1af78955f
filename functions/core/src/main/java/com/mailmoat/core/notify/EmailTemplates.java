package com.mailmoat.core.notify;

import java.util.List;
import java.util.Map;

/**
 * The words of every email and in-app notice. Each email has a plain-text and an HTML form built
 * from the same blocks ({@link EmailLayout}): branded with the account's logo and accent colour where
 * the kind {@link NotificationKind#showsBranding() shows branding}, every value escaped, line breaks in
 * values neutralised, unsafe links refused.
 */
public final class EmailTemplates {
    private EmailTemplates() {
    }

    /** The email in Mailmoat's own look, without a console address for templates that link to it. */
    public static Email render(NotificationRequest request) {
        return render(request, Branding.NONE, null);
    }

    /**
     * @param accountBranding the account's branding ({@link Branding#NONE} for Mailmoat's own look); ignored
     *                        by the sign-up and account-security emails ({@link NotificationKind#showsBranding()})
     * @param consoleUrl the console's address, for emails whose request carries no link (may be null)
     * @throws UnsafeContentException when a link or the recipient must not go into an email
     * @throws IllegalArgumentException when the kind is not an email
     */
    public static Email render(NotificationRequest request, Branding accountBranding, String consoleUrl) {
        Branding branding = request.kind().showsBranding() ? accountBranding : Branding.NONE;
        Map<String, String> p = request.params();
        return switch (request.kind()) {
            // Sent to an address nobody has confirmed yet: it carries nothing the sign-up form let a stranger type.
            case SET_PASSWORD_LINK -> EmailLayout.of(branding)
                    .heading("Welcome to Mailmoat.")
                    .paragraph("Set the password for your console account with the link below. The link works once "
                            + "and expires in 24 hours.")
                    .button("Set your password", p.get("link"))
                    .footer("If you did not sign up for Mailmoat, ignore this email: nothing happens without the link.")
                    .build(request.recipient(), "Set your Mailmoat password");
            case TEAM_INVITATION -> EmailLayout.of(branding)
                    .heading("You are invited to a Mailmoat console.")
                    .paragraph(p.getOrDefault("invitedBy", "The account's owner") + " added you to the Mailmoat account"
                            + companySuffix(p) + " as " + p.getOrDefault("role", "a team member")
                            + ". Mailmoat protects the organisation's Microsoft 365 mail.")
                    .paragraph("Choose your password with the link below, then sign in with this address. The link "
                            + "works once and expires in 7 days.")
                    .button("Choose your password", p.get("link"))
                    .footer("If you do not expect this, ignore this email: nothing happens without the link.")
                    .build(request.recipient(), "You are invited to Mailmoat");
            case ACCOUNT_DETAILS -> EmailLayout.of(branding)
                    .heading("Your Mailmoat account is ready" + companySuffix(p) + ".")
                    .paragraph("Sign in to the console as " + request.recipient()
                            + " to connect Microsoft 365 and start your 30-day Threat Scan.")
                    .button("Open the Mailmoat console", p.get("loginUrl"))
                    .footer("Your trial lasts 30 days. Keep this email: it has your console address.")
                    .build(request.recipient(), "Your Mailmoat account is ready");
            case ACCOUNT_EXISTS -> EmailLayout.of(branding)
                    .heading("You already have a Mailmoat account.")
                    .paragraph("Someone (we hope you) tried to sign up for Mailmoat with " + request.recipient()
                            + ". This address already has a console account, so no new account was created and "
                            + "nothing changed.")
                    .button("Sign in to the console", p.get("loginUrl"))
                    .paragraph("Forgot your password? Choose a new one: we email you a link that works once.")
                    .button("Reset your password", p.get("resetUrl"))
                    .footer("If you did not try to sign up, ignore this email: your account and password stay as they are.")
                    .build(request.recipient(), "You already have a Mailmoat account");
            case PASSWORD_RESET_LINK -> EmailLayout.of(branding)
                    .heading("Choose a new Mailmoat password.")
                    .paragraph("Someone (we hope you) asked to reset the password of the Mailmoat console account "
                            + request.recipient() + ". The link below works once and expires in 24 hours.")
                    .button("Choose a new password", p.get("link"))
                    .footer("If you did not ask for this, ignore this email: your password stays as it is.")
                    .build(request.recipient(), "Reset your Mailmoat password");
            case PASSWORD_CHANGED -> EmailLayout.of(branding)
                    .heading("Your Mailmoat password was changed" + companySuffix(p) + ".")
                    .paragraph("The password of the Mailmoat console account " + request.recipient()
                            + " was just changed, and every other signed-in session was ended.")
                    .button("Open the Mailmoat console", p.get("loginUrl"))
                    .footer("If you did not change it, use \"Forgot password?\" on the sign-in page now to choose a new one, "
                            + "then look at the Team card on the Account page for anyone nobody in your team invited.")
                    .build(request.recipient(), "Your Mailmoat password was changed");
            case TWO_STEP_ENABLED -> twoStepEnabled(EmailLayout.of(branding)
                    .heading("Two-step sign-in is on" + companySuffix(p) + ".")
                    .paragraph("Signing in to the Mailmoat console account " + request.recipient() + " now takes "
                            + "the password and a code from the authenticator app (or one of the recovery codes).")
                    .button("Open the Mailmoat console", p.get("loginUrl")), p.get("undoUrl"))
                    .build(request.recipient(), "Two-step sign-in is on for your Mailmoat account");
            case TWO_STEP_RECOVERY_CODE_USED -> EmailLayout.of(branding)
                    .heading("A recovery code was used" + companySuffix(p) + ".")
                    .paragraph("One of the recovery codes of the Mailmoat console account " + request.recipient()
                            + " was just used in place of a code from the authenticator app, and cannot be used again. "
                            + recoveryCodesLeft(p.get("recoveryCodesLeft")))
                    .button("Open the Mailmoat console", p.get("loginUrl"))
                    .footer("If you did not use it, someone has your password and your recovery codes: sign in, "
                            + "change your password, and turn two-step sign-in off and on again for new recovery codes.")
                    .build(request.recipient(), "A recovery code of your Mailmoat account was used");
            case TWO_STEP_RECOVERY_CODES_REPLACED -> EmailLayout.of(branding)
                    .heading("New recovery codes" + companySuffix(p) + ".")
                    .paragraph("New recovery codes were made for the Mailmoat console account " + request.recipient()
                            + ". The earlier ones no longer work; keep the new ones somewhere safe, away from your "
                            + "authenticator app.")
                    .button("Open the Mailmoat console", p.get("loginUrl"))
                    .footer("If you did not ask for them, someone signed in with your password and a code: change your "
                            + "password now, and turn two-step sign-in off and on again with your own authenticator app.")
                    .build(request.recipient(), "New recovery codes for your Mailmoat account");
            case TWO_STEP_DISABLED -> EmailLayout.of(branding)
                    .heading("Two-step sign-in is off" + companySuffix(p) + ".")
                    .paragraph("Signing in to the Mailmoat console account " + request.recipient() + " takes only "
                            + "the password again. The authenticator app's codes and the recovery codes no longer work.")
                    .button("Open the Mailmoat console", p.get("loginUrl"))
                    .footer("If you did not turn it off, someone signed in with your password and a code: use "
                            + "\"Forgot password?\" on the sign-in page now, and turn two-step sign-in on again.")
                    .build(request.recipient(), "Two-step sign-in is off for your Mailmoat account");
            case ACCOUNT_CLOSED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Your Mailmoat account is closed" + companySuffix(p) + ".")
                        .paragraph("The Mailmoat console account " + request.recipient() + " was closed and every "
                                + "signed-in session ended.")
                        .paragraph("We are erasing what Mailmoat kept for it, within a few minutes: scan results, "
                                + "detections and their history, removal records, policies and sender lists, the copy "
                                + "of your directory, what Mailmoat learnt from your verdicts, and notifications.")
                        .paragraph("Messages Mailmoat moved to quarantine stay in each mailbox's Mailmoat Quarantine "
                                + "folder. Mailmoat creates that folder hidden, so users do not see it (a folder an "
                                + "earlier version created visible stays visible); an administrator can still move them "
                                + "back through Microsoft Graph.");
                email.linkButton("Sign up again", p, consoleUrl);
                yield email.footer("If you did not close it, someone signed in with your password: change it "
                                + "wherever else you use it. You can sign up again with this address at any time.")
                        .build(request.recipient(), "Your Mailmoat account is closed");
            }
            case SSO_CONSENT_GRANTED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Microsoft 365 is connected.")
                        .paragraph("An administrator granted Mailmoat admin consent for " + organisation(p) + ".")
                        .paragraph("Your 30-day Threat Scan starts now. We will email you its report when it finishes.");
                email.linkButton("Watch the Threat Scan", p, consoleUrl);
                yield email.footer("If you did not expect this, review Mailmoat's access in Microsoft Entra "
                        + "(Enterprise applications) and contact us.")
                        .build(request.recipient(), "Microsoft 365 is connected to Mailmoat");
            }
            case TENANT_LINK_ATTEMPTED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Someone tried to connect your Microsoft 365 tenant to another Mailmoat account.")
                        .paragraph(EmailLayout.oneLine(p.getOrDefault("signedInAs", "A Global Administrator"))
                                + ", a Global Administrator of " + organisation(p) + ", signed in to connect it to a "
                                + "different Mailmoat account. Mailmoat refused before any consent was asked: your "
                                + "tenant stays connected to this account only, and nothing changed.")
                        .paragraph("If that was a colleague, they can use this account instead (ask its administrator "
                                + "to sign them in). If you do not know who it was, review the Global Administrators of "
                                + "your tenant in Microsoft Entra.");
                email.linkButton("Open the Mailmoat console", p, consoleUrl);
                yield email.footer("Mailmoat emails about such attempts at most once an hour.")
                        .build(request.recipient(), "Someone tried to connect your Microsoft 365 tenant elsewhere");
            }
            case THREAT_SCAN_REPORT -> ScanReportEmail.render(request, branding);
            case REMEDIATION_COMPLETE -> RemediationEmail.render(request, branding);
            case UPGRADE_COMPLETE -> UpgradeEmail.render(request, branding, consoleUrl);
            case MODE_CHANGED -> ModeChangeEmail.render(request, branding, consoleUrl);
            case RULES_REMOVAL_FAILED -> ModeChangeEmail.renderRemovalFailed(request, branding, consoleUrl);
            case UPGRADE_FAILED -> UpgradeEmail.renderFailed(request, branding, consoleUrl);
            case TRIAL_ENDING -> TrialEndingEmail.render(request, branding, consoleUrl);
            case REAL_TIME_AT_RISK -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("New mail may not be checked as it arrives.")
                        .paragraph("Microsoft refused to renew or create the subscription that tells Mailmoat about new "
                                + "mail: " + EmailLayout.oneLine(p.getOrDefault("problem", "")) + ".")
                        .paragraph("Mailmoat keeps retrying and still catches up on missed mail on its schedule. Check that "
                                + "Mailmoat's admin consent is still granted in Microsoft Entra; the console's Home page "
                                + "shows when this is resolved.");
                email.linkButton("Open the Mailmoat console", p, consoleUrl);
                yield email.build(request.recipient(), "Mailmoat real-time protection needs attention");
            }
            case MICROSOFT_ACCESS_DENIED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Mailmoat can't reach " + EmailLayout.oneLine(p.getOrDefault("tenant", "your Microsoft 365 tenant")) + ".")
                        .paragraph("Microsoft refused Mailmoat's access to the tenant ("
                                + EmailLayout.oneLine(p.getOrDefault("errorCode", "access denied")) + "), so "
                                + EmailLayout.oneLine(p.getOrDefault("stopped", "the scan did not run")) + ". "
                                + "Usually this means Mailmoat's admin consent was removed, or its app was deleted or "
                                + "disabled, in Microsoft Entra.")
                        .paragraph("Until access is back, no scan runs and new mail is not checked as it arrives. "
                                + "Messages already in quarantine stay there.")
                        .paragraph("To reconnect, sign in to the Mailmoat console, choose Re-confirm permissions on Home's "
                                + "Microsoft 365 card and approve them at Microsoft as a Global Administrator. If your "
                                + "organisation meant to stop using Mailmoat, choose Remove Mailmoat from Microsoft 365 on "
                                + "the Upgrade page instead: these emails then stop.");
                email.linkButton("Open the Mailmoat console", p, consoleUrl);
                yield email.footer("Mailmoat sends this at most once a day while access is refused.")
                        .build(request.recipient(), "Mailmoat can't reach your Microsoft 365 tenant");
            }
            case OFFBOARDED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Mailmoat was removed from " + EmailLayout.oneLine(p.getOrDefault("tenant", "your tenant")) + ".")
                        .paragraph("New mail is no longer checked, and what Mailmoat kept of this tenant (scan results, "
                                + "detections, removal records, the copy of the directory) is being erased.");
                email.table("Removed", EmailLayout.lines(p.get("removed")).stream().map(line -> new String[] {line}).toList());
                List<String> notRemoved = EmailLayout.lines(p.get("notRemoved"));
                if (!notRemoved.isEmpty()) {
                    email.table("Not removed: delete these yourself", notRemoved.stream().map(line -> new String[] {line}).toList());
                }
                email.paragraph("Next: " + EmailLayout.oneLine(p.getOrDefault("nextStep", "")))
                        .paragraph("Messages already in quarantine stay in each mailbox's Mailmoat Quarantine folder. "
                                + "Mailmoat creates that folder hidden from users; a folder an earlier version created "
                                + "visible stays visible.");
                email.linkButton("Open the Mailmoat console", p, consoleUrl);
                yield email.footer("If you did not do this, someone signed in to your Mailmoat account: change its "
                                + "password now.")
                        .build(request.recipient(), "Mailmoat was removed from Microsoft 365");
            }
            case REAL_TIME_THREAT -> {
                boolean quarantined = "QUARANTINED".equals(p.get("action"));
                EmailLayout email = EmailLayout.of(branding)
                        .heading("Malicious mail arrived for " + EmailLayout.oneLine(p.getOrDefault("mailbox", "")) + ".")
                        .paragraph("A message from " + EmailLayout.oneLine(p.getOrDefault("sender", "")) + " was judged "
                                + "malicious as it arrived" + (quarantined
                                ? " and moved to the mailbox's Mailmoat Quarantine folder, which is hidden from the user."
                                : ". It stays in the mailbox (" + (p.containsKey("mode") && !"MONITOR".equals(p.get("mode"))
                                ? "the policy for this mailbox records threats without moving them"
                                : "Monitor records threats without moving them") + "): review it and remove it if you agree."))
                        .paragraph("Subject: " + EmailLayout.oneLine(p.getOrDefault("subject", "")))
                        .paragraph("Mailmoat emails about the first such message of each hour; every one is listed on "
                                + "the Home page and in Detections.");
                email.linkButton("Review the detection", p, consoleUrl);
                yield email.build(request.recipient(), "Malicious mail arrived for "
                        + EmailLayout.oneLine(p.getOrDefault("mailbox", "")));
            }
            // Sent to an address that has not agreed to anything yet: Mailmoat's own look (no logo the owner
            // chose, see showsBranding), who asked (the owner's verified address) and for which organisation, and the link.
            case ALERT_RECIPIENT_CONFIRM -> EmailLayout.of(branding)
                    .heading("Confirm that this address should get Mailmoat's security alerts.")
                    .paragraph(EmailLayout.oneLine(p.getOrDefault("owner", "A Mailmoat administrator")) + " asked Mailmoat "
                            + "to send security alerts for " + EmailLayout.oneLine(p.getOrDefault("organisation", "their organisation"))
                            + " to this address (" + EmailLayout.oneLine(request.recipient()) + "): Threat Scan reports, "
                            + "alerts about malicious mail arriving, removal results and changes to its protection.")
                    .paragraph("Nothing is sent to this address unless you confirm. The link works once and expires in "
                            + "7 days. Every alert will carry a link to stop them.")
                    .button("Confirm and get the alerts", p.get("link"))
                    .footer("If you do not know why you got this, ignore it: without the link, Mailmoat sends this "
                            + "address nothing more.")
                    .build(request.recipient(), "Confirm Mailmoat security alerts for "
                            + EmailLayout.oneLine(p.getOrDefault("organisation", "your organisation")));
            case ALERT_RECIPIENT_CONFIRMED -> {
                EmailLayout email = EmailLayout.of(branding)
                        .heading(EmailLayout.oneLine(p.getOrDefault("address", "An address")) + " now gets Mailmoat's "
                                + "security alerts.")
                        .paragraph("The address confirmed the link it was sent, so from now on it gets the same security "
                                + "emails as you: Threat Scan reports, removal results, alerts about malicious mail "
                                + "arriving, and changes to the tenant's protection. Your email choices apply to it too; "
                                + "sign-in and account emails stay yours only.");
                email.linkButton("Manage alert recipients", p, consoleUrl);
                yield email.footer("If you did not add this address, remove it on the console's Account page now and "
                                + "change your password: someone may have signed in as you.")
                        .build(request.recipient(), "A new address gets your Mailmoat security alerts");
            }
            case THREAT_SCAN_COMPLETE_NOTICE, ALERT_RECIPIENT_UNSUBSCRIBED ->
                    throw new IllegalArgumentException(request.kind() + " is not an email");
        };
    }

    /**
     * The email of a kind that {@link NotificationKind#reachesAlertRecipients() reaches alert
     * recipients}, as one confirmed extra recipient gets it: the same words, addressed to that recipient
     * only, saying who added it, with a link and the one-click headers to stop (see
     * {@link EmailLayout#forAlertRecipient}).
     *
     * @param owner the account owner's address
     * @throws UnsafeContentException when a link or the recipient must not go into an email
     */
    public static Email renderForAlertRecipient(NotificationRequest request, Branding branding, String consoleUrl,
                                                String recipient, String owner, String unsubscribeUrl, String oneClickUrl) {
        if (!request.kind().reachesAlertRecipients()) {
            throw new IllegalArgumentException(request.kind() + " goes to the owner only");
        }
        NotificationRequest readdressed = new NotificationRequest(request.notificationId(), request.accountId(),
                request.kind(), recipient, request.params(), request.requestedAt());
        return EmailLayout.forAlertRecipient(render(readdressed, branding, consoleUrl), recipient, owner,
                unsubscribeUrl, oneClickUrl);
    }

    public static InAppNotification inApp(NotificationRequest request) {
        Map<String, String> p = request.params();
        return switch (request.kind()) {
            case SSO_CONSENT_GRANTED -> notice(request, "Microsoft 365 connected (admin consent granted)",
                    capitalised(organisation(p)) + " is connected. Your 30-day Threat Scan starts next.");
            case TENANT_LINK_ATTEMPTED -> notice(request, "Someone tried to connect your tenant elsewhere",
                    p.getOrDefault("signedInAs", "A Global Administrator") + " tried to connect "
                            + organisation(p) + " to another Mailmoat account. It was refused; nothing changed.");
            case THREAT_SCAN_REPORT, THREAT_SCAN_COMPLETE_NOTICE -> ScanReportEmail.notice(request);
            case REMEDIATION_COMPLETE -> RemediationEmail.notice(request);
            case UPGRADE_COMPLETE -> UpgradeEmail.notice(request);
            case MODE_CHANGED -> ModeChangeEmail.notice(request);
            case RULES_REMOVAL_FAILED -> ModeChangeEmail.removalFailedNotice(request);
            case UPGRADE_FAILED -> UpgradeEmail.failedNotice(request);
            case TRIAL_ENDING -> TrialEndingEmail.notice(request);
            case OFFBOARDED -> notice(request, "Mailmoat removed from Microsoft 365",
                    "Disconnected from " + p.getOrDefault("tenant", "your tenant") + "; its data is being erased.");
            case REAL_TIME_THREAT -> notice(request, "Malicious mail arrived",
                    ("QUARANTINED".equals(p.get("action")) ? "Quarantined: " : "Recorded, still in the mailbox: ")
                            + p.getOrDefault("mailbox", "") + " from " + p.getOrDefault("sender", "")
                            + ". Later ones this hour are in Detections.");
            case REAL_TIME_AT_RISK -> notice(request, "Real-time protection needs attention",
                    "Microsoft refused a mail subscription: " + p.getOrDefault("problem", ""));
            case MICROSOFT_ACCESS_DENIED -> notice(request, "Mailmoat can't reach Microsoft 365",
                    "Microsoft refused access (" + p.getOrDefault("errorCode", "access denied") + "), so "
                            + p.getOrDefault("stopped", "the scan did not run") + ". Re-confirm permissions on Home's "
                            + "Microsoft 365 card.");
            case ALERT_RECIPIENT_CONFIRMED -> notice(request, "Alert recipient confirmed",
                    p.getOrDefault("address", "An address") + " confirmed and now gets Mailmoat's security emails.");
            case ALERT_RECIPIENT_UNSUBSCRIBED -> notice(request, "Alert recipient unsubscribed",
                    p.getOrDefault("address", "An address") + " used the link in a Mailmoat email to stop getting "
                            + "security emails. It stays listed on the Account page until you remove it.");
            default -> throw new IllegalArgumentException(request.kind() + " is not an in-app notice");
        };
    }

    static InAppNotification notice(NotificationRequest request, String title, String message) {
        return new InAppNotification(request.notificationId(), request.accountId(), request.kind(),
                EmailLayout.oneLine(title), EmailLayout.oneLine(message, EmailLayout.MAX_PARAGRAPH), request.requestedAt());
    }

    static long number(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.getOrDefault(name, "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String plural(long count, String one, String many) {
        return count(count) + " " + (count == 1 ? one : many);
    }

    /** A count as the console writes it (2,677), whatever the function's default locale. */
    static String count(long count) {
        return String.format(java.util.Locale.ENGLISH, "%,d", count);
    }

    private static String recoveryCodesLeft(String left) {
        return switch (left == null ? "" : left) {
            case "0" -> "No recovery code is left: turn two-step sign-in off and on again on the Account page for new ones.";
            case "1" -> "1 recovery code is left.";
            case "" -> "";
            default -> left + " recovery codes are left.";
        };
    }

    /** Whoever turned it on without the owner (a stolen password) must not lock the owner out. */
    private static EmailLayout twoStepEnabled(EmailLayout layout, String undoUrl) {
        if (undoUrl == null || undoUrl.isBlank()) {
            return layout.footer("If you did not turn it on, someone signed in with your password: contact us.");
        }
        return layout.paragraph("If you did not turn it on, someone signed in with your password. Take your account "
                        + "back with the link below: it sets a new password, turns two-step sign-in off and signs "
                        + "everyone out. It works once, for 7 days, and only while two-step sign-in is still on.")
                .button("This was not me: secure my account", undoUrl);
    }

    private static String companySuffix(Map<String, String> params) {
        String company = EmailLayout.oneLine(params.get("company"));
        return company.isBlank() ? "" : ", " + company;
    }

    /** HTML escaping (text and quoted attribute values). */
    static String escape(String s) {
        return EmailLayout.escape(s);
    }

    /** Control, format and separator characters (CR, LF, bidi overrides, zero-width...) become spaces. */
    static String oneLine(String s) {
        return EmailLayout.oneLine(s);
    }

    /** The connected organisation by its name, with the tenant id to tell it apart; the id alone before a name is known. */
    /** By its name and domain, as administrators know it; the tenant id only when neither is known. */
    private static String organisation(Map<String, String> p) {
        String name = p.getOrDefault("tenantName", "").strip();
        String domain = p.getOrDefault("tenantDomain", "").strip();
        String id = p.getOrDefault("tenantId", "");
        if (!name.isEmpty()) {
            return "your Microsoft 365 organisation " + name + " (" + (domain.isEmpty() ? "tenant " + id : domain) + ")";
        }
        return domain.isEmpty() ? "Microsoft 365 tenant " + id : "your Microsoft 365 organisation " + domain;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
