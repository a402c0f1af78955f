package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A user of a tenant's directory (Entra ID), as imported for policies and targeting.
 *
 * @param id                Entra object id (the {@code oid} of the user's tokens)
 * @param userPrincipalName sign-in name
 * @param mail              primary SMTP address; empty when the user has no mailbox
 * @param displayName       display name; may be empty
 */
public record DirectoryUser(String id, String userPrincipalName, String mail, String displayName) {
    public DirectoryUser {
        Objects.requireNonNull(id, "id");
        userPrincipalName = userPrincipalName == null ? "" : userPrincipalName;
        mail = mail == null ? "" : mail;
        displayName = displayName == null ? "" : displayName;
    }

    /** True when the user has an e-mail address, i.e. can own a mailbox. */
    public boolean hasMail() {
        return !mail.isEmpty();
    }
}
