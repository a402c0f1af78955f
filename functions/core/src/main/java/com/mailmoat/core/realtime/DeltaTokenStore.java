package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where each protected mailbox's folder was last caught up to (per account, mailbox and folder). */
public interface DeltaTokenStore {

    /**
     * @param deltaLink    the link Graph gave at the end of the last round
     * @param coveredSince the oldest received time real time has covered for this folder (a re-scan after
     *                     a lost link goes no further back: older mail is the Threat Scan's)
     */
    record Cursor(String deltaLink, Instant coveredSince) {
        public Cursor {
            Objects.requireNonNull(deltaLink, "deltaLink");
            Objects.requireNonNull(coveredSince, "coveredSince");
        }
    }

    Optional<Cursor> find(String accountId, String mailboxId, String folder);

    void put(String accountId, String mailboxId, String folder, Cursor cursor);

    /** Forgets the folder's link (the mailbox is no longer protected); nothing when there is none. */
    void delete(String accountId, String mailboxId, String folder);
}
