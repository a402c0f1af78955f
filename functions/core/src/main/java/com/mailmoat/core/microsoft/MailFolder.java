package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A mail folder of one mailbox.
 *
 * @param id          Graph folder id, usable as a move destination
 * @param displayName the folder's name as users see it
 * @param visible     Graph says it is not hidden ({@code isHidden} false): it shows in the user's mail
 *                    clients. False for a hidden folder, and when Graph did not say.
 */
public record MailFolder(String id, String displayName, boolean visible) {
    public MailFolder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
