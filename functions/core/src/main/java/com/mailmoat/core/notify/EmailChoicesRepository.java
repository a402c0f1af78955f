package com.mailmoat.core.notify;

/** Each account's {@link EmailChoices} (beside the account's profile). */
public interface EmailChoicesRepository {

    /** The account's choices, {@link EmailChoices#ALL} when it made none. */
    EmailChoices find(String accountId);

    void save(String accountId, EmailChoices choices);
}
