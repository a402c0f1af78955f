package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A group of a tenant's directory, usable as a policy target.
 *
 * @param id          Entra object id
 * @param displayName display name
 * @param mail        the group's SMTP address; empty for security groups without one
 */
public record DirectoryGroup(String id, String displayName, String mail) {
    public DirectoryGroup {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? "" : displayName;
        mail = mail == null ? "" : mail;
    }
}
