package com.mailmoat.core.notify;

/**
 * Which of Mailmoat's routine emails an account wants. Removal results and alerts about malicious
 * mail arriving can be switched off (their in-app notices stay); every other email (sign-in and
 * account emails, scan reports, upgrade and offboarding results) is always sent.
 *
 * @param removals       an email when a removal or release the administrator asked for completes
 * @param realTimeAlerts an email when malicious mail arrives in Monitor or Protect (at most one an hour)
 */
public record EmailChoices(boolean removals, boolean realTimeAlerts) {
    /** What an account that chose nothing gets: every email. */
    public static final EmailChoices ALL = new EmailChoices(true, true);
    private static final EmailChoices NONE = new EmailChoices(false, false);

    /** Whether an account may switch this kind's email off (only then are its choices read). */
    public static boolean isOptional(NotificationKind kind) {
        return !NONE.wants(kind);
    }

    /** Whether this kind's email goes out under these choices. */
    public boolean wants(NotificationKind kind) {
        return switch (kind) {
            case REMEDIATION_COMPLETE -> removals;
            case REAL_TIME_THREAT -> realTimeAlerts;
            default -> true;
        };
    }
}
