package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A mailbox of a Microsoft 365 tenant, as Graph lists it under {@code /users}.
 *
 * @param id                Graph user id (the Entra object id); the key for every mailbox call
 * @param userPrincipalName sign-in name, shown to administrators
 * @param mail              primary SMTP address
 * @param displayName       display name, may be empty
 */
public record Mailbox(String id, String userPrincipalName, String mail, String displayName) {
    public Mailbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mail, "mail");
        userPrincipalName = userPrincipalName == null ? "" : userPrincipalName;
        displayName = displayName == null ? "" : displayName;
    }
}
