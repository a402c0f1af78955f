package com.mailmoat.simulator.internal.tenant;

/**
 * A directory user as seeded from {@code users.json}. A user without {@code mail} has no
 * mailbox (Graph answers {@code MailboxNotEnabledForRESTAPI} for its mail endpoints).
 */
public record User(String id, String userPrincipalName, String mail, String displayName,
                   String givenName, String surname, String jobTitle) {

    /** The part of the UPN before the {@code @}. */
    public String localPart() {
        int at = userPrincipalName.indexOf('@');
        return at < 0 ? userPrincipalName : userPrincipalName.substring(0, at);
    }
}
