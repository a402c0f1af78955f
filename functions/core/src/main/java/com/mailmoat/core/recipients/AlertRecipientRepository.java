package com.mailmoat.core.recipients;

import java.util.List;
import java.util.Optional;

/**
 * Each account's extra alert recipients (beside its profile). An address is listed at most once per
 * account: {@link #add} refuses a second item for the same (lower-cased) address, even when two
 * requests race.
 */
public interface AlertRecipientRepository {

    /** The account's recipients, oldest first (a strongly consistent read: at most a handful). */
    List<AlertRecipient> list(String accountId);

    /** Stores a new recipient; false when the account already lists that address. */
    boolean add(AlertRecipient recipient);

    /** Replaces {@code current} with {@code next}; false when it changed or was removed since it was read. */
    boolean replace(AlertRecipient current, AlertRecipient next);

    /** Removes it (whatever its state); false when it was not there. */
    boolean remove(AlertRecipient recipient);

    default Optional<AlertRecipient> find(String accountId, String recipientId) {
        return list(accountId).stream().filter(r -> r.recipientId().equals(recipientId)).findFirst();
    }
}
