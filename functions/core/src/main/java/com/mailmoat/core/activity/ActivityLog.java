package com.mailmoat.core.activity;

import java.util.List;
import java.util.Optional;

/**
 * An account's append-only log of administrative changes, newest first. Entries expire after
 * {@link #KEPT_DAYS} days. Appending an id already in the log changes nothing, so work a queue
 * retries records itself once when it names its entry deterministically.
 */
public interface ActivityLog {
    /** How long an entry is kept (the API description says so). */
    int KEPT_DAYS = 365;

    /** Adds the entry to the account's log unless an entry with its id is there already. */
    void append(String accountId, ActivityEntry entry);

    /** Up to {@code limit} entries older than {@code after} (all from the newest when empty), newest first. */
    default Page page(String accountId, Optional<ActivityCursor> after, int limit) {
        return page(accountId, ActivityFilter.ALL, after, limit);
    }

    /**
     * As above, only entries {@code filter} matches. A page may hold fewer than {@code limit} entries and
     * still have a {@code next} (a log reads a bounded number of entries per page); only an empty
     * {@code next} says the end was reached.
     */
    Page page(String accountId, ActivityFilter filter, Optional<ActivityCursor> after, int limit);

    /** One page; {@code next} is where the following page starts, empty on the last. */
    record Page(List<ActivityEntry> entries, Optional<ActivityCursor> next) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
