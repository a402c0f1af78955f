package com.mailmoat.core.realtime;

import java.util.Optional;

/** The delta link each protected mailbox's folder was last caught up to (per account, mailbox and folder). */
public interface DeltaTokenStore {

    Optional<String> find(String accountId, String mailboxId, String folder);

    void put(String accountId, String mailboxId, String folder, String deltaLink);
}
