package com.mailmoat.core.notify;

/**
 * Every notification Mailmoat sends; each kind has one template and one channel set. The security
 * emails ({@link #reachesAlertRecipients()}) also go to the account's confirmed extra alert
 * recipients; sign-in, account and subscription emails go to the owner only.
 */
public enum NotificationKind {
    /** Email with the single-use link to set the console password. */
    SET_PASSWORD_LINK(true, false),
    /** Email to a person the owner added to the team: the single-use link to choose their console password. */
    TEAM_INVITATION(true, false),
    /** Email confirming the account is ready, with the console login URL. */
    ACCOUNT_DETAILS(true, false),
    /** Email to the owner of an address that signed up again: it already has an account; sign in or reset. */
    ACCOUNT_EXISTS(true, false),
    /** Email with the single-use link to choose a new password ("Forgot password?"). */
    PASSWORD_RESET_LINK(true, false),
    /** Email telling the owner that the password was changed (and every other session ended). */
    PASSWORD_CHANGED(true, false),
    /** Two-step sign-in was turned on: an email saying so, in case it was not the owner. */
    TWO_STEP_ENABLED(true, false),
    /** Two-step sign-in was turned off: an email saying so, in case it was not the owner. */
    TWO_STEP_DISABLED(true, false),
    /** A recovery code was used to sign in (or to turn two-step off): an email saying so, and how many are left. */
    TWO_STEP_RECOVERY_CODE_USED(true, false),
    /** New recovery codes replaced the old ones: an email saying so, in case it was not the owner. */
    TWO_STEP_RECOVERY_CODES_REPLACED(true, false),
    /** The administrator closed the account: an email saying so, and what is being erased. */
    ACCOUNT_CLOSED(true, false),
    /**
     * Someone signed in as a Global Administrator of the account's tenant to connect it to another
     * Mailmoat account, and was refused: an email and an in-app notice to this account's owner.
     */
    TENANT_LINK_ATTEMPTED(true, true, true),
    /** Microsoft admin consent was granted and the tenant linked: an email and an in-app notice. */
    SSO_CONSENT_GRANTED(true, true),
    /** The Threat Scan report: an email with the figures and an in-app "Threat Scan Complete" notice. */
    THREAT_SCAN_REPORT(true, true, true),
    /** A finished scan that found nothing worth an email (scheduled scans): the in-app notice only. */
    THREAT_SCAN_COMPLETE_NOTICE(false, true),
    /** A remove or release job finished: an email with the results and an in-app notice. */
    REMEDIATION_COMPLETE(true, true, true),
    /** The upgrade to Monitor or Protect finished: an email and an in-app notice. */
    UPGRADE_COMPLETE(true, true, true),
    /** The upgrade to Monitor or Protect stopped (the tenant is left as it was): why, and how to fix it. */
    UPGRADE_FAILED(true, true, true),
    /**
     * A change of protection mode or Targeted To took effect (after re-consent): what changed, who and when,
     * and what it means for new mail and Mailmoat's transport rules; an email and an in-app notice.
     */
    MODE_CHANGED(true, true, true),
    /**
     * After a step down to Threat Scan Only, Exchange refused to remove Mailmoat's transport rules (role or
     * consent withdrawn): they still hold mail back; what to do. Once per upgrade.
     */
    RULES_REMOVAL_FAILED(true, true, true),
    /** Mailmoat was removed from the Microsoft 365 tenant (offboarding): what was removed and what is left to do. */
    OFFBOARDED(true, true, true),
    /** The trial ends in a few days (7, then 1): an email and an in-app notice. */
    TRIAL_ENDING(true, true),
    /** Malicious mail arrived (Monitor, Protect): an email and an in-app notice, for the first of each hour. */
    REAL_TIME_THREAT(true, true, true),
    /** Microsoft refused to create or renew a mail subscription: real-time protection is at risk (once per episode). */
    REAL_TIME_AT_RISK(true, true, true),
    /**
     * Microsoft refused Mailmoat's access to the tenant as a scan started (consent removed, the app deleted or
     * disabled): what stopped and how to reconnect. At most once a day.
     */
    MICROSOFT_ACCESS_DENIED(true, true, true),
    /**
     * To an address the administrator added as an extra alert recipient: who asked, for which
     * organisation, and the single-use link that confirms it (nothing else is sent to it before).
     */
    ALERT_RECIPIENT_CONFIRM(true, false),
    /**
     * To the owner: an extra alert recipient confirmed its address and now gets the security emails
     * (an email, in case it was not the owner who added it, and an in-app notice).
     */
    ALERT_RECIPIENT_CONFIRMED(true, true),
    /** To the owner, in the console only: an extra alert recipient used the unsubscribe link in one of its emails. */
    ALERT_RECIPIENT_UNSUBSCRIBED(false, true);

    private final boolean email;
    private final boolean inApp;
    private final boolean alertRecipients;

    NotificationKind(boolean email, boolean inApp) {
        this(email, inApp, false);
    }

    NotificationKind(boolean email, boolean inApp, boolean alertRecipients) {
        this.email = email;
        this.inApp = inApp;
        this.alertRecipients = alertRecipients;
    }

    public boolean sendsEmail() {
        return email;
    }

    public boolean showsInApp() {
        return inApp;
    }

    /**
     * Whether the email also goes to the account's confirmed extra alert recipients: the security
     * emails (threats found, arriving or removed, the tenant's protection changing or at risk, the
     * tenant being claimed elsewhere). Never the sign-in, account or trial emails: those are the owner's.
     */
    public boolean reachesAlertRecipients() {
        return alertRecipients;
    }

    /**
     * Whether the email wears the account's branding (its logo, loaded from the customer's own host, and
     * accent colour). Sign-up and account-security emails do not: whoever serves the logo would learn when
     * they are opened, and "You already have a Mailmoat account" can be set off by anyone from the sign-up
     * form. Those stay in Mailmoat's own look, with no remote image; reports and alerts keep the branding.
     */
    public boolean showsBranding() {
        return switch (this) {
            case SET_PASSWORD_LINK, TEAM_INVITATION, ACCOUNT_DETAILS, ACCOUNT_EXISTS, PASSWORD_RESET_LINK, PASSWORD_CHANGED,
                    TWO_STEP_ENABLED, TWO_STEP_DISABLED, TWO_STEP_RECOVERY_CODE_USED, TWO_STEP_RECOVERY_CODES_REPLACED,
                    ACCOUNT_CLOSED, ALERT_RECIPIENT_CONFIRM, ALERT_RECIPIENT_CONFIRMED -> false;
            default -> true;
        };
    }
}
