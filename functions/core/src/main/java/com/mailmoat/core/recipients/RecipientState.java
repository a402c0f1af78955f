package com.mailmoat.core.recipients;

/** Where an extra alert recipient stands; only {@link #ACTIVE} ones get emails (see {@link AlertRecipient}). */
public enum RecipientState {
    /** Added by the administrator; only the confirmation email has gone to it. */
    PENDING,
    /** Confirmed by its owner through the emailed link: gets the security emails. */
    ACTIVE,
    /** Used the unsubscribe link in one of the emails: gets nothing; listed until the administrator removes it. */
    UNSUBSCRIBED
}
