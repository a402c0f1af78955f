package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A mail folder of one mailbox.
 *
 * @param id          Graph folder id, usable as a move destination
 * @param displayName the folder's name as users see it
 */
public record MailFolder(String id, String displayName) {
    public MailFolder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
