package com.mailmoat.core.signup;

import java.util.List;

/** The outcome of setting a password from an emailed link. */
public sealed interface SetPasswordResult {
    /**
     * The password is set; every other session, link and known browser of the account is revoked
     * (the browser that set it may be remembered again: it proved it reads the account's email).
     */
    record PasswordSet(String loginUrl, String accountId) implements SetPasswordResult {
    }

    /**
     * The link is unknown, expired, already used, or no longer applies (a set-password link once
     * the account has a password; a reset link once the password changed since it was sent).
     */
    record InvalidToken() implements SetPasswordResult {
    }

    /** The password breaks these rules; the link stays valid so the admin can try again. */
    record WeakPassword(List<PasswordViolation> violations) implements SetPasswordResult {
    }
}
