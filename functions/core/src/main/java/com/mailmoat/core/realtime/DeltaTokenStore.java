package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Real time's coverage of each protected mailbox's folders (per account, mailbox and folder): from when
 * it began, and the delta link the catch-up last reached.
 *
 * <p>Coverage is begun only by the subscription sync, when it first finds the mailbox protected
 * ({@link #begin}), and forgotten when protection ends for the mailbox or the account ({@link #delete},
 * {@link #deleteAll}); the catch-up only moves it on ({@link #advance}), and only while it is still the
 * coverage its round started from. So a link of a period that ended is never followed again, even when a
 * catch-up was still running as it ended, and a first round never reaches back before protection.
 */
public interface DeltaTokenStore {

    /**
     * @param deltaLink    the link Graph gave at the end of the last round; null before the first round
     * @param coveredSince the oldest received time real time covers for this folder: when protection of the
     *                     mailbox began (a first round, and a re-scan after a lost link, go no further back:
     *                     older mail is the Threat Scan's)
     */
    record Cursor(String deltaLink, Instant coveredSince) {
        public Cursor {
            Objects.requireNonNull(coveredSince, "coveredSince");
        }

        /** Coverage begun, no round run yet. */
        public static Cursor begun(Instant coveredSince) {
            return new Cursor(null, coveredSince);
        }
    }

    Optional<Cursor> find(String accountId, String mailboxId, String folder);

    /**
     * Begins the folder's coverage at {@code coveredSince}, unless it has coverage already (kept as it is).
     *
     * @return whether it was begun now
     */
    boolean begin(String accountId, String mailboxId, String folder, Instant coveredSince);

    /**
     * Stores the link a round ended with, if the folder's coverage is still the one begun at
     * {@code coveredSince}; nothing when it was forgotten (protection ended) or begun again meanwhile.
     *
     * @return whether it was stored
     */
    boolean advance(String accountId, String mailboxId, String folder, Instant coveredSince, String deltaLink);

    /** Forgets the folder's coverage (the mailbox is no longer protected); nothing when there is none. */
    void delete(String accountId, String mailboxId, String folder);

    /** The mailboxes with coverage of any folder. */
    Set<String> mailboxes(String accountId);

    /**
     * Forgets every coverage of the account (its real-time protection ended: offboarding, a step down, a failed
     * upgrade); idempotent.
     */
    void deleteAll(String accountId);
}
