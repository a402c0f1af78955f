package com.mailmoat.core.upgrade;

import java.util.Optional;

/** Each account's upgrade (one at a time, in the Jobs table). */
public interface UpgradeRepository {

    Optional<Upgrade> find(String accountId);

    /**
     * Saves an upgrade read at {@code upgrade.version()} (0 for one that replaces nothing), returning it
     * at its new version.
     *
     * @throws com.mailmoat.core.account.ConcurrentUpdateException when someone else saved it first
     */
    Upgrade save(Upgrade upgrade);

    /**
     * Forgets the account's upgrade if it is still as read ({@code upgrade.version()}): a request withdrawn
     * while it waits for consent, which must not remove one that consent started meanwhile.
     *
     * @return false when it changed (or went) since it was read; nothing is deleted then
     */
    boolean deleteIfUnchanged(Upgrade upgrade);

    /** Forgets the account's upgrade (offboarding). */
    void delete(String accountId);
}
