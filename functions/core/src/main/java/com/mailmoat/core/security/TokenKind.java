package com.mailmoat.core.security;

/** What a stored token is for; a token of one kind never works as another. */
public enum TokenKind {
    /** The emailed link that sets the first password; useless once the account has one. */
    SET_PASSWORD(true),
    /** The emailed "forgot password" link: the only link that works once a password exists. */
    RESET_PASSWORD(true),
    SESSION(true),
    /**
     * A browser the account signed in from before: its failed sign-ins have their own limit (see
     * {@code KnownBrowsers}); listed under the account so closing it or changing its password forgets them.
     */
    KNOWN_BROWSER(true),
    /**
     * A right password of an account with two-step sign-in, waiting for the code: short-lived, single
     * use, and revoked with the account's other credentials when the password changes.
     */
    TWO_STEP_PENDING(true),
    /**
     * The "this was not me" link in the email saying two-step sign-in was turned on: it sets a new
     * password and turns two-step sign-in off, while two-step is still on from that very enrolment.
     * Someone who signed in with a stolen password and turned it on must not lock the owner out; a
     * password change does not revoke it (the intruder could change the password too).
     */
    UNDO_TWO_STEP(true),
    OAUTH_STATE(false),
    /**
     * The emailed link an added alert recipient confirms its address with: single use, 7 days; it lets
     * nobody into the account.
     */
    ALERT_RECIPIENT_CONFIRM(false),
    /** The link in each email to an alert recipient that stops them (one per email and recipient, single use). */
    ALERT_RECIPIENT_UNSUBSCRIBE(false);

    private final boolean credential;

    TokenKind(boolean credential) {
        this.credential = credential;
    }

    /**
     * Whether the token lets its holder into the account (a session), change its password (a link)
     * or sign in past the account's lockout (a known browser): such tokens are listed per account so
     * that changing the password can revoke them all.
     */
    public boolean isCredential() {
        return credential;
    }
}
