package com.mailmoat.core.signup;

import java.util.List;

/** The outcome of setting a password from an emailed link. */
public sealed interface SetPasswordResult {
    /** The password is set; the account-details email is on its way. */
    record PasswordSet(String loginUrl) implements SetPasswordResult {
    }

    /** The link is unknown, expired or already used. */
    record InvalidToken() implements SetPasswordResult {
    }

    /** The password breaks these rules; the link stays valid so the admin can try again. */
    record WeakPassword(List<PasswordViolation> violations) implements SetPasswordResult {
    }
}
